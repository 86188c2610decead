using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warden.Access;
using Warden.Api;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Api;

/// <summary>
/// The REST API on a real Kestrel listener on 127.0.0.1 over a real SQLite store, with one token
/// per role issued through <see cref="TokenIssuer"/> (the path <c>warden token create</c> takes).
/// </summary>
internal sealed class ApiRig : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;

    private ApiRig()
    {
    }

    public SqliteStore Store { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Base { get; private set; } = null!;

    public ApiAccess Access { get; private set; } = null!;

    /// <summary>The token text of each role's token, named after the role (viewer, operator, …).</summary>
    public Dictionary<Role, string> Tokens { get; } = [];

    public string DataDir => _dir.Path;

    /// <summary>Starts the rig; <paramref name="services"/> adds to the host's services (a gateway's <c>TrafficRecorder</c>), <paramref name="guardReadings"/> and <paramref name="leading"/> stand for the live guard.</summary>
    public static async Task<ApiRig> StartAsync(
        ApiAccessOptions? options = null, Action<IServiceCollection>? services = null, Warden.Guard.GuardReadingLog? guardReadings = null, Func<Warden.Leases.LeaseFence?>? leading = null)
    {
        var rig = new ApiRig();
        rig.Store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = rig._dir.Path });
        var issuer = new TokenIssuer(rig.Store);
        foreach (var role in Enum.GetValues<Role>())
        {
            rig.Tokens[role] = (await issuer.CreateAsync(Roles.Name(role), role, null, "admin@test")).Text;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddApi();
        services?.Invoke(builder.Services);
        rig._app = builder.Build();
        rig.Access = ApiHosting.Map(rig._app, rig.Store, new CommandEndpointOptions { DataDirectory = rig._dir.Path }, TimeProvider.System, options, guardReadings: guardReadings, leading: leading);
        await rig._app.StartAsync();
        rig.Base = new Uri(rig._app.Urls.First() + "/");
        return rig;
    }

    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with the token of <paramref name="role"/> (none when null).</summary>
    public Task<HttpResponseMessage> SendAsync(string method, string path, Role? role, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default) =>
        SendWithAsync(method, path, role is { } r ? Tokens[r] : null, completion, cancellationToken);

    public Task<HttpResponseMessage> SendWithAsync(string method, string path, string? token, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Base, path.TrimStart('/')));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request, completion, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        Client.Dispose();
        _dir.Dispose();
    }
}

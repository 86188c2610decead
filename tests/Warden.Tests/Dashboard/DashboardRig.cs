using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Warden.Core.Rollouts;
using Warden.Tests.Rollouts;

namespace Warden.Tests.Dashboard;

/// <summary>
/// What the dashboard is tested against: a <see cref="RolloutRig"/> (real <c>warden serve</c>, the
/// reference model servers, a real store, a load through the gateway) with ranker's rollout started
/// and at its canary step, and tokens made by <c>warden token create</c> as a user makes them. The
/// dashboard is the server's admin listener; <see cref="GetJsonAsync"/> reads the same
/// <c>/api/v1</c> endpoints the page reads, so a test can compare what the page shows with them.
/// </summary>
internal sealed class DashboardRig : IAsyncDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, string> _tokens = [];

    private DashboardRig(RolloutRig rig, RolloutRig.Serve serve)
    {
        Rig = rig;
        Serve = serve;
    }

    /// <summary>The rollout rig underneath (its CLI, store, audit log and load).</summary>
    public RolloutRig Rig { get; }

    /// <summary>The running server.</summary>
    public RolloutRig.Serve Serve { get; }

    /// <summary>The dashboard: <c>GET /</c> of the admin listener.</summary>
    public Uri Dashboard => Serve.Admin;

    /// <summary>
    /// Registers ranker v1 and v2, starts <c>warden serve</c> and the load, starts the rollout of v2
    /// with <paramref name="steps"/> and waits until it is at its first canary step with the route on it.
    /// </summary>
    public static async Task<DashboardRig> StartAtCanaryAsync(ModelServerPair models, string steps, string canaryRoute, RolloutRigOptions? options = null)
    {
        var rig = new RolloutRig(models, steps, options);
        try
        {
            rig.Register();
            var serve = await rig.StartServeAsync();
            rig.LoadThrough(serve);
            rig.StartRollout();
            await rig.WaitForAsync(s => s.Phase == RolloutPhase.Canary, "to reach canary step 1", 60);
            await rig.WaitForRouteAsync(serve, canaryRoute);
            return new DashboardRig(rig, serve);
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The token named <paramref name="name"/> with <paramref name="role"/>, made once by
    /// <c>warden token create --name NAME --role ROLE</c> on the rig's store.
    /// </summary>
    public string Token(string name, string role)
    {
        if (!_tokens.TryGetValue(name, out var token))
        {
            var run = Rig.Cli("token", "create", "--name", name, "--role", role);
            Assert.True(run.ExitCode == 0, $"token create exited {run.ExitCode}: {run.Error}{run.Out}");
            token = run.Out.Trim();
            _tokens[name] = token;
        }

        return token;
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> (e.g. <c>api/v1/routes</c>) on the admin listener with <paramref name="token"/> (none when null).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, new Uri(Dashboard, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _client.SendAsync(request);
    }

    /// <summary>The JSON of a successful <c>GET</c> of <paramref name="path"/> with <paramref name="token"/>.</summary>
    public async Task<JsonNode> GetJsonAsync(string path, string token)
    {
        using var answer = await SendAsync(HttpMethod.Get, path, token);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"GET /{path} answered {(int)answer.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Rig.DisposeAsync();
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Warden.Access;
using Warden.Storage;

namespace Warden.Api;

/// <summary>Puts the REST API and its OpenAPI document on a host's endpoints (the admin listener of <c>warden serve</c>).</summary>
internal static class ApiHosting
{
    /// <summary>The OpenAPI document's services, with its title and description fixed (not the host's name), so docs/openapi.json is the same from any host.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new Microsoft.OpenApi.OpenApiInfo
            {
                Title = "Warden API",
                Version = "v1",
                Description = "Warden's REST API on the admin listener of 'warden serve' (docs/api.md). Every call but this document needs 'Authorization: Bearer TOKEN' (warden token create) with the role each operation names.",
            };
            return Task.CompletedTask;
        }));

    /// <summary>
    /// Maps <c>/api/v1</c> on <paramref name="endpoints"/> (the host must have called <see cref="AddApi"/>); returns its access check (refusal counts).
    /// <paramref name="guardReadings"/> and <paramref name="leading"/> are the live guard's reading log and the controller's lease
    /// as it holds it (null: not leading); without them <c>/api/v1/guard</c> answers that this server does not lead.
    /// </summary>
    public static ApiAccess Map(
        IEndpointRouteBuilder endpoints, IWardenStore store, CommandEndpointOptions commands, TimeProvider time, ApiAccessOptions? options = null, ApiRefusals? refusals = null,
        Warden.Guard.GuardReadingLog? guardReadings = null, Func<Warden.Leases.LeaseFence?>? leading = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var access = new ApiAccess(new TokenVerifier(store, time), options ?? new ApiAccessOptions(), refusals ?? new ApiRefusals(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Api"));
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(access.Dispose);
        var stream = new AuditEventStream(store, time, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        ApiEndpoints.Map(endpoints, store, access, stream, new CommandEndpoint(store, commands, time), commands.Policy,
            new GuardEndpoint(store, guardReadings, leading ?? (() => null), commands.Policy, time));
        endpoints.MapOpenApi(ApiEndpoints.OpenApiPath);
        return access;
    }
}

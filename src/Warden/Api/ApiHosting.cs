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
    /// <summary>Maps <c>/api/v1</c> on <paramref name="endpoints"/> (the host must have called <c>AddOpenApi("v1")</c>); returns its access check (refusal counts).</summary>
    public static ApiAccess Map(IEndpointRouteBuilder endpoints, IWardenStore store, TimeProvider time, ApiAccessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var access = new ApiAccess(new TokenVerifier(store, time), options ?? new ApiAccessOptions(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Api"));
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(access.Dispose);
        var stream = new ChannelStream(store, time, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        ApiEndpoints.Map(endpoints, store, access, stream);
        endpoints.MapOpenApi(ApiEndpoints.OpenApiPath);
        return access;
    }
}

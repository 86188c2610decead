using Microsoft.AspNetCore.Http;
using Warden.Gateway.Hosting;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// An answer the gateway makes itself (404, 413, 502, 503, 504): the status, the one-line reason in
/// <c>X-Warden-Reason</c>, and a small JSON body <c>{"error", "service", "version"}</c>.
/// </summary>
internal static class ErrorAnswer
{
    /// <summary>Writes the answer unless the response has already started (then the connection is cut instead).</summary>
    public static Task WriteAsync(HttpContext context, int status, string reason, string? service, string? version, IReadOnlyList<string>? services = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Headers are gone: the only honest signal left is an incomplete response.
            context.Abort();
            return Task.CompletedTask;
        }

        response.Clear();
        if (version is not null)
        {
            response.Headers[HeaderRules.Version] = version;
        }

        if (GrpcCalls.IsGrpc(context.Request))
        {
            // A gRPC client reads grpc-status, not the HTTP status or a JSON body.
            response.Headers[HeaderRules.Reason] = HeaderRules.Ascii(reason);
            GrpcCalls.Refuse(response, status, reason);
            return Task.CompletedTask;
        }

        return JsonAnswer.WriteAsync(
            context,
            status,
            json =>
            {
                json.WriteString("error", reason);
                json.WriteString("service", service);
                json.WriteString("version", version);
                if (services is not null)
                {
                    json.WriteStartArray("services");
                    foreach (var name in services)
                    {
                        json.WriteStringValue(name);
                    }

                    json.WriteEndArray();
                }
            },
            reason);
    }
}

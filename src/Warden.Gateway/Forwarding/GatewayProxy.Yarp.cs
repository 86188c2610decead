using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Warden.Gateway.Health;
using Warden.Gateway.Routing;
using Warden.Gateway.Shadow;
using Yarp.ReverseProxy.Forwarder;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The exchange with the backend through YARP's <see cref="IHttpForwarder"/>: the gateway still
/// routes, mirrors, judges and records; YARP sends the request and streams the answer back. The
/// client's body and the client's response are wrapped so that counting, the body limit, the copy
/// kept for comparison and the blame for a failure stay the gateway's (see
/// <see cref="ClientRequestStream"/> and <see cref="ClientResponseStream"/>).
/// </summary>
internal sealed partial class GatewayProxy
{
    private async Task<ForwardResult> ForwardWithYarpAsync(HttpContext context, BackendState backend, RouteTable table, byte[]? requestBody, bool capture, bool prefixed, bool upgrade)
    {
        // An upgraded connection (a WebSocket) lives as long as its two ends talk: request_ms does
        // not bound it; 100 s of silence does (YARP's activity timeout, below). The deadline is a
        // token of its own so a failure can tell it from the client's abort, which YARP itself
        // causes after a backend breaks off (GatewayProxy.FailAsync).
        using var deadline = new CancellationTokenSource(upgrade ? Timeout.InfiniteTimeSpan : _requestTimeout);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);

        var request = context.Request;
        var originalBody = request.Body;
        var originalResponse = context.Response.Body;
        ClientRequestStream? streamed = null;
        if (requestBody is not null)
        {
            request.Body = new MemoryStream(requestBody, writable: false);
        }
        else if (HasBody(context))
        {
            streamed = new ClientRequestStream(originalBody, context, _maxBody);
            request.Body = streamed;
        }

        var response = new ClientResponseStream(originalResponse, context, cts.Token);
        context.Response.Body = response;
        var transformer = new Exchange(this, backend, table, response, capture, prefixed);
        ForwarderError error;
        try
        {
            var config = upgrade ? _upgradeConfig : backend.Http2 ? _http2Config : _requestConfig;
            error = await forwarder.SendAsync(context, backend.BaseAddress, invoker, config, transformer, cts.Token).ConfigureAwait(false);
        }
        finally
        {
            request.Body = originalBody;
            context.Response.Body = originalResponse;
        }

        var requestBytes = requestBody?.Length ?? streamed?.BytesRead ?? 0;
        if (error == ForwarderError.None)
        {
            return new ForwardResult(context.Response.StatusCode, null, response.BytesWritten, response.Capture)
            {
                RequestBytes = requestBytes,
                GrpcStatus = transformer.GrpcStatus,
            };
        }

        response.Capture?.Dispose();

        // An upgraded connection ends however its two ends end it (a close without the WebSocket
        // handshake, 100 s of silence): the session was forwarded, and its end says nothing about
        // the backend's health. Only a failure before the upgrade is the exchange's.
        if (context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols && context.Response.HasStarted)
        {
            return new ForwardResult(StatusCodes.Status101SwitchingProtocols, null, response.BytesWritten, null) { RequestBytes = requestBytes };
        }

        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception ?? new HttpRequestException($"forwarding failed: {error}");
        // A backend that broke off its answer (ResponseBodyDestination) makes YARP abort the client's
        // connection too: that abort must turn a reset into neither client_aborted nor timeout (races
        // the YARP run of FaultTests.Forward_ResetMidResponse_ClientConnectionCutNotCompleted lost in CI).
        var failed = await FailAsync(context, backend, exception, deadline.IsCancellationRequested, transformer.BackendStatus, backendSide: error == ForwarderError.ResponseBodyDestination).ConfigureAwait(false);
        return failed with { ResponseBytes = response.BytesWritten, RequestBytes = requestBytes };
    }

    // The per-request transformer: where the request goes and which headers it carries, and what
    // the gateway adds to the answer. One small object per request, as StreamingRequestContent is
    // for the hand-written forwarder.
    private sealed class Exchange(GatewayProxy proxy, BackendState backend, RouteTable table, ClientResponseStream response, bool capture, bool prefixed) : HttpTransformer
    {
        private const string ForwardedFor = "X-Forwarded-For";

        public int BackendStatus { get; private set; }

        /// <summary>The gRPC status of a gRPC call's answer, read with its trailers; null for any other exchange.</summary>
        public int? GrpcStatus { get; private set; }

        public override async ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken)
        {
            await base.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
            GrpcStatus = GrpcCalls.CallStatus(GrpcCalls.IsGrpc(httpContext.Request), BackendStatus, proxyResponse);
        }

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
            var headers = proxyRequest.Headers;

            // YARP drops the hop-by-hop headers RFC 9110 names but not those the Connection header lists (§7.6.1).
            if (httpContext.Request.Headers.Connection.Count > 0 && HeaderRules.ConnectionTokens(httpContext.Request.Headers.Connection) is { } listed)
            {
                foreach (var name in listed)
                {
                    headers.Remove(name);
                    proxyRequest.Content?.Headers.Remove(name);
                }
            }

            // Host becomes the backend's; Expect is answered by the gateway's own Kestrel (see HeaderRules).
            headers.Host = null;
            headers.ExpectContinue = null;
            headers.Remove("Expect");
            var address = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var previous = headers.NonValidated.TryGetValues(ForwardedFor, out var values) ? string.Join(", ", values) : null;
            headers.Remove(ForwardedFor);
            headers.TryAddWithoutValidation(ForwardedFor, previous is null ? address : string.Concat(previous, ", ", address));
            headers.Remove("X-Forwarded-Proto");
            headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
            headers.Remove("X-Forwarded-Host");
            if (httpContext.Request.Host.HasValue)
            {
                headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
            }

            proxyRequest.RequestUri = new Uri(ForwardRequest.TargetUri(httpContext, backend.BaseAddress, backend.Service, prefixed), UriKind.Absolute);
        }

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var go = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
            if (proxyResponse is null)
            {
                return go;
            }

            proxy.BackendAnswered(backend);
            BackendStatus = (int)proxyResponse.StatusCode;
            var client = httpContext.Response.Headers;
            if (proxyResponse.Headers.NonValidated.TryGetValues("Connection", out var connection) && HeaderRules.ConnectionTokens(connection) is { } listed)
            {
                foreach (var name in listed)
                {
                    client.Remove(name);
                }
            }

            client[HeaderRules.Version] = backend.Version;
            client[HeaderRules.Revision] = proxy.RevisionText(table);
            if (capture)
            {
                response.Capture = BodyCapture.For(proxyResponse.Content.Headers.ContentType?.MediaType);
            }

            return go;
        }
    }

    private void BackendAnswered(BackendState backend) => health.Success(backend);

    private static ForwarderRequestConfig RequestConfig(TimeSpan requestTimeout, bool upgrade = false) => new()
    {
        // An ordinary exchange is bounded by request_ms through the cancellation token, whose
        // expiry the gateway attributes (the backend's 504 or the client's 408); YARP's activity
        // timeout (idle time between reads and writes) is set a second later so that it never
        // fires first. An upgraded connection has no such token; YARP's activity timeout, at its
        // default of 100 s, closes one that stays silent that long. (Set to request_ms, it closed
        // talking WebSockets early now and then in the gateway suite, so it is not tied to it.)
        ActivityTimeout = upgrade ? TimeSpan.FromSeconds(100) : requestTimeout + TimeSpan.FromSeconds(1),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };
}

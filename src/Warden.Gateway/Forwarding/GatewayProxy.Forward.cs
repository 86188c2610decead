using System.Buffers;
using Microsoft.AspNetCore.Http;
using Warden.Core.Traffic;
using Warden.Gateway.Compliance;
using Warden.Gateway.Configuration;
using Warden.Gateway.Health;
using Warden.Gateway.Hosting;
using Warden.Gateway.Routing;
using Warden.Gateway.Shadow;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Forwarding;

/// <summary>The exchange with the backend and the answers the gateway makes itself.</summary>
internal sealed partial class GatewayProxy
{
    private const int BufferSize = 16 * 1024;

    private async Task<ForwardResult> ForwardAsync(HttpContext context, BackendState backend, RouteTable table, HttpContent? content, bool capture, bool prefixed)
    {
        // The deadline apart from the client's abort, so a failure knows which of the two ended it.
        using var deadline = new CancellationTokenSource(_requestTimeout);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        using var message = ForwardRequest.Create(context, ForwardRequest.TargetUri(context, backend.BaseAddress, backend.Service, prefixed), content, backend.Http2);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(message, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return await FailAsync(context, backend, ex, deadline.IsCancellationRequested, 0).ConfigureAwait(false);
        }

        using (response)
        {
            health.Success(backend);
            var status = (int)response.StatusCode;
            var client = context.Response;
            client.StatusCode = status;
            ResponseHeaders.Copy(response, client);
            client.Headers[HeaderRules.Version] = backend.Version;
            client.Headers[HeaderRules.Revision] = RevisionText(table);

            // Only when a shadow answer waits to be compared or the answer is judged for
            // compliance, and only JSON or gRPC; otherwise the body streams through one pooled
            // buffer and is never held.
            var body = capture ? BodyCapture.For(response.Content.Headers.ContentType?.MediaType) : null;
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            long bytes = 0;
            try
            {
                var source = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
                while (true)
                {
                    var read = await source.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    body?.Append(buffer.AsSpan(0, read));
                    await WriteClientAsync(context, buffer.AsMemory(0, read), cts.Token).ConfigureAwait(false);
                    bytes += read;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                body?.Dispose();
                var failed = await FailAsync(context, backend, ex, deadline.IsCancellationRequested, status).ConfigureAwait(false);
                return failed with { ResponseBytes = bytes };
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // Trailers (gRPC's status) come from HTTP/2 backends; reading TrailingHeaders allocates,
            // so an HTTP/1.1 exchange (the hot path) never touches them. A client on HTTP/1.1 cannot
            // take trailers (nor make a gRPC call).
            if (!backend.Http2)
            {
                return new ForwardResult(status, null, bytes, body);
            }

            var trailers = response.TrailingHeaders;
            if (context.Response.SupportsTrailers())
            {
                ResponseHeaders.CopyTrailers(trailers, context.Response);
            }

            return new ForwardResult(status, null, bytes, body)
            {
                GrpcStatus = GrpcCalls.CallStatus(GrpcCalls.IsGrpc(context.Request), status, response),
            };
        }
    }

    // Whatever writing to the client throws (it went away, or the timeout fired while it did not
    // take the answer) is the client's failure, however much it looks like a backend reset.
    private static async ValueTask WriteClientAsync(HttpContext context, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        try
        {
            await context.Response.Body.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var aborted = context.RequestAborted.IsCancellationRequested;
            throw new ClientSideException(ClientSideException.KindOf(ex, aborted, cancellationToken.IsCancellationRequested), ex);
        }
    }

    // deadlinePassed: gateway.timeouts.request_ms ran out (its own token, not the one linked to the
    // client's abort). backendSide: the forwarder knows the backend failed (YARP's
    // ResponseBodyDestination), so a client connection it aborted itself afterwards is neither the
    // client going away nor, through the linked token, a timeout.
    private async Task<ForwardResult> FailAsync(HttpContext context, BackendState backend, Exception exception, bool deadlinePassed, int backendStatus, bool backendSide = false)
    {
        var clientAborted = !backendSide && context.RequestAborted.IsCancellationRequested;
        var kind = FailureClassifier.Classify(exception, clientAborted, timedOut: !clientAborted && deadlinePassed);
        var reason = FailureClassifier.Reason(kind, backend.ToString(), options.Timeouts.ConnectMs, options.Timeouts.RequestMs, _maxBody);
        if (FailureClassifier.IsBackendFault(kind))
        {
            health.Failure(backend, reason);
            GatewayLog.ForwardFailed(logger, backend.ToString(), FailureClassifier.ErrorClass(kind)!, reason);
        }

        if (kind == FailureKind.ClientAborted)
        {
            return new ForwardResult(FailureClassifier.StatusCodeClientClosedRequest, kind, 0, null);
        }

        if (context.Response.HasStarted)
        {
            // The client has the backend's status and part of its body: cut the connection so
            // the client sees an incomplete response, not a complete-looking wrong one.
            context.Abort();
            return new ForwardResult(backendStatus, kind, 0, null);
        }

        var status = FailureClassifier.Status(kind);
        await TryAnswerAsync(context, status, reason, backend).ConfigureAwait(false);
        return new ForwardResult(status, kind, 0, null);
    }

    private async Task<(ShadowPair? Pair, byte[]? Body, ForwardResult? Refused)> StartMirrorAsync(
        HttpContext context, BackendState production, BackendState shadow, DateTimeOffset start, string? key, ComplianceLabels? labels, bool prefixed)
    {
        if (shadow.IsDown)
        {
            mirror.RecordUnhealthy(shadow, start, key);
            return (null, null, null);
        }

        if (!mirror.TryReserve(shadow.Service))
        {
            return (null, null, null);
        }

        byte[]? body = null;
        if (HasBody(context))
        {
            (body, var refused) = await BufferBodyAsync(context, production).ConfigureAwait(false);
            if (refused is not null)
            {
                mirror.Release();
                return (null, null, refused);
            }
        }

        var pair = mirror.Start(context, production, shadow, body, start, key, labels, prefixed);
        return (pair, body, null);
    }

    // The whole request body (for a mirror or a compliance judgment), or the answer already sent
    // when it could not be read.
    private async Task<(byte[]? Body, ForwardResult? Refused)> BufferBodyAsync(HttpContext context, BackendState production)
    {
        try
        {
            return (await RequestBodyBuffer.ReadAsync(context.Request, _maxBody, context.RequestAborted).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing has been sent yet: whatever failed here is the client's body.
            var kind = ex is BodyTooLargeException
                ? FailureKind.BodyTooLarge
                : ClientSideException.KindOf(ex, context.RequestAborted.IsCancellationRequested, timedOut: false);
            var status = FailureClassifier.Status(kind);
            if (kind != FailureKind.ClientAborted)
            {
                await TryAnswerAsync(context, status, FailureClassifier.Reason(kind, production.ToString(), 0, 0, _maxBody), production).ConfigureAwait(false);
            }

            return (null, new ForwardResult(status, kind, 0, null));
        }
    }

    private async Task AnswerNoRouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var rest = path.AsSpan(path.Length > 0 ? 1 : 0);
        var slash = rest.IndexOf('/');
        var segment = (slash < 0 ? rest : rest[..slash]).ToString();
        var services = catalog.ServiceNames;
        string reason;
        if (GrpcCalls.IsGrpc(context.Request))
        {
            var named = context.Request.Headers[GrpcCalls.ServiceHeader].ToString();
            segment = named;
            reason = named.Length > 0
                ? $"unknown service '{named}' in the {GrpcCalls.ServiceHeader} header; known services: {catalog.ServiceList}"
                : $"no service for the gRPC call {path}: send the {GrpcCalls.ServiceHeader} header (metadata) naming one of {catalog.ServiceList}, or call /{{service}}{path}";
        }
        else if (segment.Length == 0)
        {
            reason = $"no service in the path; send /{{service}}/...; known services: {catalog.ServiceList}";
        }
        else if (GatewayConfigLoader.ReservedNames.Contains(segment))
        {
            reason = $"/{segment} is reserved for the gateway and not served at {path}";
        }
        else
        {
            reason = $"unknown service '{segment}'; known services: {catalog.ServiceList}";
        }

        observer.EventCounted(null, GatewayEvent.UnknownService);
        await TryAnswerAsync(context, StatusCodes.Status404NotFound, reason, null, segment.Length == 0 ? null : segment, services).ConfigureAwait(false);
    }

    private async Task AnswerUnhealthyAsync(HttpContext context, BackendState backend, TrafficArm arm, DateTimeOffset start, long began, string? key)
    {
        var reason = $"backend {backend} is marked unhealthy ({backend.LastFailure ?? "failed health checks"})";
        await TryAnswerAsync(context, StatusCodes.Status503ServiceUnavailable, reason, backend).ConfigureAwait(false);
        observer.RequestCompleted(new RequestOutcome
        {
            Service = backend.Service,
            Version = backend.Version,
            Arm = arm,
            Start = start,
            LatencyMs = time.GetElapsedTime(began).TotalMilliseconds,
            Status = StatusCodes.Status503ServiceUnavailable,
            Error = "unhealthy",
            Key = key,
        });
    }

    private async Task AnswerTooLargeAsync(HttpContext context, BackendState backend)
    {
        observer.EventCounted(backend.Service, GatewayEvent.BodyTooLarge);
        await TryAnswerAsync(context, StatusCodes.Status413PayloadTooLarge, FailureClassifier.BodyTooLargeReason(_maxBody), backend).ConfigureAwait(false);
    }

    private Task TryAnswerAsync(HttpContext context, int status, string reason, BackendState backend) =>
        TryAnswerAsync(context, status, reason, backend, backend.Service, null);

    private static async Task TryAnswerAsync(HttpContext context, int status, string reason, BackendState? backend, string? service, IReadOnlyList<string>? services)
    {
        try
        {
            await ErrorAnswer.WriteAsync(context, status, reason, service, backend?.Version, services).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away while being told; there is no one left to tell.
        }
    }
}

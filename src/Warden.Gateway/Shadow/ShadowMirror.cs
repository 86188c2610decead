using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Warden.Core.Traffic;
using Warden.Gateway.Compliance;
using Warden.Gateway.Configuration;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Health;
using Warden.Gateway.Hosting;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Shadow;

/// <summary>
/// Sends copies of production requests to a route's shadow. A mirror runs on its own task with
/// its own timeout, cancelled only by that timeout or by the gateway stopping, never by the
/// client; its answer is read, counted and compared, and never reaches the client.
/// </summary>
internal sealed class ShadowMirror(
    HttpMessageInvoker invoker,
    HealthReporter health,
    IGatewayObserver observer,
    ShadowOptions options,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping)
{
    /// <summary>Header every mirrored request carries, so a backend can tell a mirror from live traffic.</summary>
    public const string ShadowHeader = "X-Warden-Shadow";

    private const int BufferSize = 16 * 1024;

    private readonly ShadowGate _gate = new(options.MaxConcurrency);
    private readonly TimeSpan _timeout = TimeSpan.FromMilliseconds(options.TimeoutMs);

    /// <summary>Mirrors in flight now.</summary>
    public int InFlight => _gate.InFlight;

    /// <summary>Takes a mirror slot; false (and the drop counted) when the shadow is saturated.</summary>
    public bool TryReserve(string service)
    {
        if (_gate.TryEnter())
        {
            return true;
        }

        observer.EventCounted(service, GatewayEvent.ShadowDropped);
        return false;
    }

    /// <summary>Gives back a slot reserved for a mirror that was not started.</summary>
    public void Release() => _gate.Exit();

    /// <summary>Counts a mirror not sent because the shadow backend is marked down.</summary>
    public void RecordUnhealthy(BackendState shadow, DateTimeOffset start, string? key)
    {
        observer.RequestCompleted(new RequestOutcome
        {
            Service = shadow.Service,
            Version = shadow.Version,
            Arm = TrafficArm.Shadow,
            Start = start,
            LatencyMs = 0,
            Status = StatusCodes.Status503ServiceUnavailable,
            Error = "unhealthy",
            Key = key,
        });
        observer.EventCounted(shadow.Service, GatewayEvent.ShadowFailed);
    }

    /// <summary>
    /// Starts a mirror of the current request (in a reserved slot) and returns the pair the
    /// production side reports to. The request is copied now, before the client's request ends.
    /// </summary>
    /// <param name="context">The client's request.</param>
    /// <param name="production">The backend answering the client.</param>
    /// <param name="shadow">The backend mirrored to.</param>
    /// <param name="body">The request body, read whole, or null without one.</param>
    /// <param name="start">When the gateway received the request.</param>
    /// <param name="key">The sticky key.</param>
    /// <param name="labels">Compliance labels to judge the shadow's answer against, or null not to judge it.</param>
    /// <param name="prefixed">False for a gRPC call routed by its header (its path has no service segment).</param>
    public ShadowPair Start(HttpContext context, BackendState production, BackendState shadow, byte[]? body, DateTimeOffset start, string? key, ComplianceLabels? labels = null, bool prefixed = true)
    {
        var pair = new ShadowPair(observer, shadow.Service, production.Version, shadow.Version, start, key);
        HttpRequestMessage message;
        try
        {
            var target = ForwardRequest.TargetUri(context, shadow.BaseAddress, shadow.Service, prefixed);
            message = ForwardRequest.Create(context, target, body is null ? null : new ByteArrayContent(body), shadow.Http2);
            message.Headers.TryAddWithoutValidation(ShadowHeader, "1");
        }
        catch
        {
            _gate.Exit();
            throw;
        }

        _ = RunAsync(message, shadow, pair, start, key, body, labels, GrpcCalls.IsGrpc(context.Request));
        return pair;
    }

    private async Task RunAsync(HttpRequestMessage message, BackendState backend, ShadowPair pair, DateTimeOffset start, string? key, byte[]? body, ComplianceLabels? labels, bool grpc)
    {
        var requestBytes = body?.LongLength ?? 0;
        // Off the request thread at once: nothing of the mirror runs on production's time.
        await Task.Yield();
        var began = time.GetTimestamp();
        BodyCapture? capture = null;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            cts.CancelAfter(_timeout);
            try
            {
                using var response = await invoker.SendAsync(message, cts.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                capture = BodyCapture.For(response.Content.Headers.ContentType?.MediaType);
                var bytes = await ReadBodyAsync(response, capture, cts.Token).ConfigureAwait(false);

                // A gRPC answer is HTTP 200 whatever happened; its gRPC status (in the trailers, read
                // once the body is) counts as the HTTP status it stands for, as on production's side.
                if (GrpcCalls.CallStatus(grpc, status, response) is { } code)
                {
                    status = GrpcCalls.ToHttp(code);
                }

                health.Success(backend);
                var latency = time.GetElapsedTime(began).TotalMilliseconds;
                var compliant = labels is null ? null : ComplianceJudge.Outcome(labels, body, answered: true, status, capture, observer, backend.Service);
                observer.RequestCompleted(new RequestOutcome
                {
                    Service = backend.Service,
                    Version = backend.Version,
                    Arm = TrafficArm.Shadow,
                    Start = start,
                    LatencyMs = latency,
                    Status = status,
                    Error = status >= 500 ? "5xx" : null,
                    Key = key,
                    RequestBytes = requestBytes,
                    ResponseBytes = bytes,
                    Compliant = compliant,
                });
                pair.ShadowDone(new ShadowAnswer(true, status, latency, capture));
                capture = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var kind = FailureClassifier.Classify(ex, clientAborted: false, timedOut: cts.IsCancellationRequested);
                var latency = time.GetElapsedTime(began).TotalMilliseconds;
                pair.ShadowDone(new ShadowAnswer(false, 0, latency, null));
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                var reason = FailureClassifier.Reason(kind, backend.ToString(), 0, options.TimeoutMs, 0);
                if (FailureClassifier.IsBackendFault(kind))
                {
                    health.Failure(backend, reason);
                }

                observer.RequestCompleted(new RequestOutcome
                {
                    Service = backend.Service,
                    Version = backend.Version,
                    Arm = TrafficArm.Shadow,
                    Start = start,
                    LatencyMs = latency,
                    Status = FailureClassifier.Status(kind),
                    Error = FailureClassifier.ErrorClass(kind),
                    Key = key,
                    RequestBytes = requestBytes,
                });
                observer.EventCounted(backend.Service, GatewayEvent.ShadowFailed);
                GatewayLog.ShadowFailed(logger, backend.ToString(), FailureClassifier.ErrorClass(kind) ?? "error", reason);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A mirror must never take anything down with it; a bug here is logged, not thrown.
            GatewayLog.BackgroundError(logger, "shadow mirror", ex);
        }
        finally
        {
            capture?.Dispose();
            message.Dispose();
            _gate.Exit();
        }
    }

    private static async Task<long> ReadBodyAsync(HttpResponseMessage response, BodyCapture? capture, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return total;
                }

                total += read;
                capture?.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Warden.Gateway.Configuration;
using Warden.Gateway.Hosting;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Routing;
using Warden.Oip.V2;

namespace Warden.Gateway.Health;

/// <summary>
/// Probes every configured backend with <c>GET {backend}{health.path}</c>, at once on start and
/// then every <c>interval_ms</c> (timer from the injected <see cref="TimeProvider"/>); a round waits
/// for its slowest probe, each bounded by the probe timeout. A 2xx marks
/// a backend up; anything else counts as a failure, and a first probe that fails marks it down
/// at once, since nothing shows it was ever up. A backend spoken to over HTTP/2 (<c>protocol: http2</c>,
/// a gRPC server) is asked the Open Inference Protocol's gRPC <c>ServerReady</c> instead: up when it
/// answers gRPC status OK with <c>ready: true</c>.
/// </summary>
internal sealed class ActiveHealthProbe(
    BackendCatalog catalog,
    HealthReporter reporter,
    HttpMessageInvoker invoker,
    HealthOptions options,
    TimeSpan probeTimeout,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.IntervalMs);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                await ProbeAllAsync(probeTimeout, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            GatewayLog.BackgroundError(logger, "active health probe", ex);
        }
    }

    /// <summary>Probes every backend once, side by side; each probe may take at most <paramref name="timeout"/>.</summary>
    public Task ProbeAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probes = new Task[catalog.All.Count];
        for (var i = 0; i < probes.Length; i++)
        {
            probes[i] = ProbeAsync(catalog.All[i], timeout, cancellationToken);
        }

        return Task.WhenAll(probes);
    }

    private async Task ProbeAsync(BackendState backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (backend.Http2)
        {
            await ProbeGrpcAsync(backend, timeout, cancellationToken).ConfigureAwait(false);
            return;
        }

        var url = backend.BaseAddress + options.Path;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var first = backend.Status == HealthStatus.Unknown;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await invoker.SendAsync(request, cts.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                reporter.Success(backend);
            }
            else
            {
                reporter.Failure(backend, $"health probe GET {url} answered {status}", first);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: not the backend's fault.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var what = ex is OperationCanceledException ? $"no answer within {(int)timeout.TotalMilliseconds} ms" : ex.Message;
            reporter.Failure(backend, $"health probe GET {url} failed: {what}", first);
        }
    }

    private async Task ProbeGrpcAsync(BackendState backend, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = backend.BaseAddress + ServerReadyPath;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var first = backend.Status == HealthStatus.Unknown;
        try
        {
            // An empty ServerReadyRequest: one uncompressed gRPC frame of length 0.
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(new byte[5]),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TryAddWithoutValidation("TE", "trailers");
            using var response = await invoker.SendAsync(request, cts.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cts.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var code = GrpcCalls.StatusOf(response.Headers, response.TrailingHeaders);
            if (status != 200 || code != 0)
            {
                reporter.Failure(backend, $"health probe gRPC ServerReady {url} answered HTTP {status}, gRPC status {code}", first);
            }
            else if (!IsReady(body))
            {
                reporter.Failure(backend, $"health probe gRPC ServerReady {url} answered ready: false", first);
            }
            else
            {
                reporter.Success(backend);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: not the backend's fault.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var what = ex is OperationCanceledException ? $"no answer within {(int)timeout.TotalMilliseconds} ms" : ex.Message;
            reporter.Failure(backend, $"health probe gRPC ServerReady {url} failed: {what}", first);
        }
    }

    private const string ServerReadyPath = "/inference.GRPCInferenceService/ServerReady";

    // The ServerReadyResponse in one uncompressed frame, with ready set.
    private static bool IsReady(byte[] body)
    {
        if (body.Length < 5 || body[0] != 0 || BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) != body.Length - 5)
        {
            return false;
        }

        try
        {
            return ServerReadyResponse.Parser.ParseFrom(body, 5, body.Length - 5).Ready;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}

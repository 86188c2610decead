using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Warden.Benchmarks.Oip;

namespace Warden.Benchmarks;

/// <summary>
/// <see cref="FixedRateLoad"/> for gRPC: unary OIP v2 <c>ModelInfer</c> calls leave on a fixed
/// schedule whatever the answers do, all over one <see cref="GrpcChannel"/> (HTTP/2 streams
/// multiplexed on its connection; an <c>http://</c> address is prior-knowledge h2c), and each
/// latency counts from the call's <em>due</em> time (wrk2's correction for coordinated omission).
/// The service is named as the gateway picks it for a gRPC call: the <c>warden-service</c>
/// metadata header, or with <c>pathPrefix</c> a first path segment
/// (<c>/NAME/inference.GRPCInferenceService/ModelInfer</c>).
/// </summary>
internal sealed class GrpcFixedRateLoad : IDisposable
{
    /// <summary>The metadata header that names the gateway service of a call at the root path.</summary>
    public const string ServiceHeader = "warden-service";

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private readonly GrpcChannel _channel;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client;
    private readonly ModelInferRequest _request;
    private readonly Metadata? _headers;

    public GrpcFixedRateLoad(Uri address, ModelInferRequest request, string? service, bool pathPrefix)
    {
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            // Past the server's stream limit (Kestrel: 100 per connection) the channel opens a
            // second connection instead of queueing calls behind the first.
            EnableMultipleHttp2Connections = true,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        if (pathPrefix && service is not null)
        {
            handler = new PathPrefixHandler("/" + service, handler);
        }

        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        _request = request;
        _headers = service is not null && !pathPrefix ? new Metadata { { ServiceHeader, service } } : null;
    }

    /// <summary>One call: latency from its due time, time from send, lateness of the send, gRPC status.</summary>
    public readonly record struct Sample(double LatencyMs, double ServiceMs, double SendLagMs, StatusCode Status);

    /// <summary>The calls of one run and, per failing status, the first failure's detail.</summary>
    public sealed record Result(Sample[] Samples, double Rate, IReadOnlyDictionary<StatusCode, string> FirstFailures)
    {
        /// <summary>Calls sent per second: from the first due time to the last call's send, plus one interval.</summary>
        public double AchievedRate => Samples.Length / ((Samples.Length - 1) / Rate + Samples[^1].SendLagMs / 1000 + 1 / Rate);
    }

    /// <summary>Opens the connection and warms both ends up; results are discarded.</summary>
    public void WarmUp(double rate, double seconds) => _ = Run(rate, seconds);

    /// <summary>Sends <c>rate × seconds</c> calls on schedule and waits for every answer.</summary>
    public Result Run(double rate, double seconds)
    {
        var count = Math.Max(1, (int)Math.Round(rate * seconds));
        var samples = new Sample[count];
        var failures = new ConcurrentDictionary<StatusCode, string>();
        OpenLoopSchedule.Run(count, rate, (index, due) => Send(samples, failures, index, due));
        return new Result(samples, rate, failures);
    }

    private async Task Send(Sample[] samples, ConcurrentDictionary<StatusCode, string> failures, int index, long due)
    {
        var sent = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            using var call = _client.ModelInferAsync(_request, _headers, TimeProvider.System.GetUtcNow().UtcDateTime + CallDeadline);
            await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // Refused, reset, timed out, answered with an error status: a failed call stays a
            // sample with its status, counted, never a crashed run.
            status = ex.StatusCode;
            failures.TryAdd(status, ex.Status.Detail);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            status = StatusCode.Unknown;
            failures.TryAdd(status, $"{ex.GetType().Name}: {ex.Message}");
        }

        var done = Stopwatch.GetTimestamp();
        samples[index] = new Sample(
            Stopwatch.GetElapsedTime(due, done).TotalMilliseconds,
            Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds,
            Stopwatch.GetElapsedTime(due, sent).TotalMilliseconds,
            status);
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// grpc-dotnet builds a call's URI from the channel address's authority and the method's full
    /// name alone, dropping any path of the address; a service named by path goes in here.
    /// </summary>
    private sealed class PathPrefixHandler(string prefix, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            request.RequestUri = new UriBuilder(uri) { Path = prefix + uri.AbsolutePath }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

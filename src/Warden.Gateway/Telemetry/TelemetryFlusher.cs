using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Every <c>interval</c> (default 5 s, on the injected clock), takes the windows completed since
/// the last flush from the recorder and hands them to every <see cref="ITelemetryWindowSink"/>.
/// A sink that throws keeps its batch and gets it again (with newer windows) next time; past
/// <see cref="MaxBacklog"/> windows the oldest are dropped and counted. When the host stops, the
/// current second is closed and flushed too.
/// </summary>
internal sealed class TelemetryFlusher : BackgroundService
{
    /// <summary>Default time between flushes.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>Unwritten windows kept per failing sink.</summary>
    public const int MaxBacklog = 100_000;

    private readonly TrafficRecorder _recorder;
    private readonly (ITelemetryWindowSink Sink, List<TelemetryWindow> Backlog)[] _sinks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    // One flush at a time (the timer's and the final one at stop): a sink is never called concurrently.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _written;
    private long _failures;
    private long _dropped;

    /// <summary>Creates a flusher.</summary>
    public TelemetryFlusher(TrafficRecorder recorder, IEnumerable<ITelemetryWindowSink> sinks, TimeProvider time, ILogger logger, TimeSpan? interval = null)
    {
        _recorder = recorder;
        _sinks = [.. sinks.Select(s => (s, new List<TelemetryWindow>()))];
        _time = time;
        _logger = logger;
        _interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_interval, TimeSpan.Zero, nameof(interval));
    }

    /// <summary>Windows written, summed over sinks.</summary>
    public long WindowsWritten => Interlocked.Read(ref _written);

    /// <summary>Sink calls that threw.</summary>
    public long SinkFailures => Interlocked.Read(ref _failures);

    /// <summary>Windows dropped from a failing sink's backlog.</summary>
    public long WindowsDropped => Interlocked.Read(ref _dropped);

    /// <summary>One flush; returns the number of windows collected from the recorder.</summary>
    public async Task<int> FlushOnceAsync(bool includeCurrent = false, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var windows = _recorder.CollectCompleted(includeCurrent);
            foreach (var (sink, backlog) in _sinks)
            {
                backlog.AddRange(windows);
                if (backlog.Count > MaxBacklog)
                {
                    var excess = backlog.Count - MaxBacklog;
                    backlog.RemoveRange(0, excess);
                    Interlocked.Add(ref _dropped, excess);
                    TelemetryLog.SinkBacklogDropped(_logger, sink.GetType().Name, MaxBacklog, excess);
                }

                if (backlog.Count == 0)
                {
                    continue;
                }

                try
                {
                    await sink.WriteAsync(backlog, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _written, backlog.Count);
                    backlog.Clear();
                }
                catch (Exception ex)
                {
                    // Any sink failure (disk, database) is recorded and retried; it must never stop the gateway.
                    Interlocked.Increment(ref _failures);
                    TelemetryLog.SinkFailed(_logger, sink.GetType().Name, backlog.Count, ex.Message);
                }
            }

            return windows.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Here rather than at the end of the loop: a host stopped at once cancels the loop before it runs.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushOnceAsync(includeCurrent: true, CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushOnceAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync makes the last flush, including the current second.
        }
    }
}

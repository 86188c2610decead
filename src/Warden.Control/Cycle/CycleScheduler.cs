using Microsoft.Extensions.Logging;
using Warden.Core.Cycle;
using Warden.Leases;
using Warden.Storage;

namespace Warden.Cycle;

/// <summary>
/// Runs the heartbeat cycle inside <c>warden serve</c>: every poll (a second by default, on the
/// injected clock) the server that leads (holds the controller's lease) reads the store's last
/// cycle and any pending <c>warden cycle run</c> request, and runs a cycle when one is due
/// (<see cref="CycleSchedule"/>) or asked for. The cycle's own lease keeps two servers (or a
/// <c>warden cycle run --once</c>) from running two at once. A cycle that fails, or a failed look,
/// is logged and the next poll looks again: nothing ends this loop but the server's stop.
/// </summary>
internal sealed partial class CycleScheduler(IWardenStore store, HeartbeatCycle cycle, CycleOptions options, Func<LeaseFence?> leading, TimeProvider time, ILogger logger)
{
    private DateTimeOffset? _leadingSince;

    /// <summary>How often the scheduler looks (the schedule itself is <see cref="CycleOptions.Interval"/>).</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most recent cycles this scheduler ran, at most <see cref="RanKept"/> (tests read it; the store keeps them all).</summary>
    public List<CycleRecord> Ran { get; } = [];

    /// <summary>How many records <see cref="Ran"/> keeps, so a server that runs for months does not grow.</summary>
    public const int RanKept = 100;

    /// <summary>Looks every <see cref="Poll"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Failed(logger, ex.Message);
            }

            try
            {
                await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One look: runs a cycle when this server leads and one is due or asked for; returns it, or null.</summary>
    public async ValueTask<CycleRecord?> TickAsync(CancellationToken cancellationToken)
    {
        if (leading() is null)
        {
            // Another server leads: it runs the cycles. The schedule is the store's, so a server that
            // leads later runs the next one when it is due, not at once.
            _leadingSince = null;
            return null;
        }

        var now = time.GetUtcNow();
        _leadingSince ??= now;
        var (last, request) = await store.ReadAsync(
            async (tx, ct) =>
            {
                var latest = await CycleRecords.LatestBeginAsync(tx, ct).ConfigureAwait(false);
                return (latest, await CycleRecords.PendingRequestAsync(tx, latest?.Event.Sequence, ct).ConfigureAwait(false));
            },
            cancellationToken).ConfigureAwait(false);
        string trigger;
        if (request is not null)
        {
            trigger = "request";
        }
        else if (CycleSchedule.IsDue(now, last?.Begin.StartedAt, _leadingSince.Value, options))
        {
            trigger = "schedule";
        }
        else
        {
            return null;
        }

        var record = await cycle.RunAsync(trigger, request?.Id, null, cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            if (Ran.Count == RanKept)
            {
                Ran.RemoveAt(0);
            }

            Ran.Add(record);
        }

        return record;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CycleSchedulerFailed, Level = LogLevel.Warning, Message = "Heartbeat cycle scheduler: {Problem}; looking again at the next poll")]
        public static partial void Failed(ILogger logger, string problem);
    }
}

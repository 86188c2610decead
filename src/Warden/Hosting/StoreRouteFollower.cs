using Microsoft.Extensions.Logging;
using Warden.Audit;
using Warden.Gateway.Routing;
using Warden.Storage;

namespace Warden.Hosting;

/// <summary>
/// Keeps this server's route table on the routes recorded in the store by every server of it: a
/// gateway replica (<c>warden serve --role gateway</c>), or a standby controller whose gateway must
/// serve what the leader set. The truth is the audit log (each service's last <c>route.change</c>
/// or <c>route.load</c> event, which the chain vouches for); PostgreSQL's notifications wake the
/// follower at each commit, and a poll covers a lost notification (and SQLite, which has none).
/// </summary>
internal sealed partial class StoreRouteFollower(IWardenStore store, RouteUpdater updater, IReadOnlyList<string> services, TimeProvider time, ILogger logger)
{
    /// <summary>How often the store is read without a notification: SQLite (no notifications) and PostgreSQL (a safety net).</summary>
    public static readonly TimeSpan PollWithoutFeed = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a store that notifies is read anyway, in case a notification was lost.</summary>
    public static readonly TimeSpan PollWithFeed = TimeSpan.FromSeconds(5);

    // The last route event read per service: only later ones are read next time.
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>Routes followed since start.</summary>
    public long Followed { get; private set; }

    /// <summary>Brings every service to its last recorded route now; returns how many routes changed.</summary>
    public async ValueTask<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var latest = await store.ReadAsync(
            async (tx, ct) =>
            {
                var found = new List<AuditEvent>();
                foreach (var service in services)
                {
                    var query = new AuditQuery { Subject = StoreRouteChangeGate.Subject(service), AfterSequence = _seen.GetValueOrDefault(service), Limit = 1 };
                    found.AddRange(await tx.Audit.ListAsync(query, ct).ConfigureAwait(false));
                }

                return found;
            },
            cancellationToken).ConfigureAwait(false);

        var changed = 0;
        foreach (var recorded in latest.Where(e => e.Action is AuditActions.RouteChange or AuditActions.RouteLoad))
        {
            var service = recorded.Subject["route:".Length..];
            _seen[service] = recorded.Sequence;
            if (StoreRouteChangeGate.Recorded(recorded.Payload) is not { } route)
            {
                continue;
            }

            var result = await updater.FollowAsync(service, route, recorded.Id, cancellationToken).ConfigureAwait(false);
            if (result is { Status: RouteUpdateStatus.Applied })
            {
                changed++;
                Followed++;
            }
        }

        return changed;
    }

    /// <summary>Follows until <paramref name="cancellationToken"/> is cancelled; a failed read is logged and retried, never fatal.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var feed = (store as IWatchableStore)?.WatchChanges();
        var poll = feed is null ? PollWithoutFeed : PollWithFeed;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (StoreException ex)
                {
                    Log.ReadFailed(logger, store.Location, ex.Message);
                }

                if (feed is null)
                {
                    await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await feed.WaitAsync(poll, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
        finally
        {
            if (feed is not null)
            {
                await feed.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.RouteReadFailed, LogLevel.Warning, "Cannot read the recorded routes from {Store}: {Problem}; retrying")]
        public static partial void ReadFailed(ILogger logger, string store, string problem);
    }
}

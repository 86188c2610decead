using System.Runtime.CompilerServices;
using Warden.Storage;

namespace Warden.Audit;

/// <summary>
/// Follows the audit log forward from a cursor: every event matching a filter after sequence
/// <c>after</c>, oldest first, as it is appended — by this process, another server or a CLI on the
/// same store. The store is read every poll interval in pages, so a burst comes whole and in
/// order; a reader that stops and starts again from the last sequence it saw misses nothing.
/// Channels (<c>warden channel tail --follow</c>, <c>/api/v1/channels/{name}/stream</c>) and the
/// API's event stream (<c>/api/v1/events</c>) are all followers of this kind.
/// </summary>
internal static class AuditFollow
{
    /// <summary>Events read at most per store read.</summary>
    public const int PageSize = 1000;

    /// <summary>
    /// Each read of the store: the events matching <paramref name="filter"/> (its subject and action;
    /// its cursor, order and limit are set here) after the cursor, oldest first; an empty page when
    /// nothing new was appended, so a follower can act on an idle read (a keep-alive). A full page
    /// is followed by the next read at once; otherwise the next read comes <paramref name="poll"/>
    /// later on <paramref name="time"/>. Ends only by cancellation.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<AuditEvent>> PagesAsync(
        IWardenStore store, AuditQuery filter, long after, TimeSpan poll, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        var cursor = after;
        while (true)
        {
            var query = filter with { Since = null, AfterSequence = cursor, FromOldest = true, Limit = PageSize };
            var page = await store.ReadAsync((tx, ct) => tx.Audit.ListAsync(query, ct), cancellationToken).ConfigureAwait(false);
            if (page.Count > 0)
            {
                cursor = page[^1].Sequence;
            }

            yield return page;
            if (page.Count < PageSize)
            {
                await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The events of <see cref="PagesAsync"/> one by one.</summary>
    public static async IAsyncEnumerable<AuditEvent> EventsAsync(
        IWardenStore store, AuditQuery filter, long after, TimeSpan poll, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in PagesAsync(store, filter, after, poll, time, cancellationToken).ConfigureAwait(false))
        {
            foreach (var e in page)
            {
                yield return e;
            }
        }
    }

    /// <summary>The audit log's last sequence (0 when empty): where a follower that wants only new events starts.</summary>
    public static ValueTask<long> HeadAsync(IWardenStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ReadAsync(async (tx, ct) => (await tx.Audit.HeadAsync(ct).ConfigureAwait(false))?.Sequence ?? 0, cancellationToken);
    }
}

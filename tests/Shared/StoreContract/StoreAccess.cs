using Warden.Audit;
using Warden.Storage;

namespace Warden.Tests.Support;

/// <summary>One-line store calls for tests: each is one transaction of its own.</summary>
internal static class StoreAccess
{
    /// <summary>Appends <paramref name="draft"/> in a write transaction of its own.</summary>
    public static ValueTask<AuditEvent> AppendAsync(this IWardenStore store, AuditEventDraft draft, CancellationToken cancellationToken = default) =>
        store.WriteAsync((tx, ct) => tx.Audit.AppendAsync(draft, ct), cancellationToken);

    /// <summary>Every event, oldest first.</summary>
    public static ValueTask<List<AuditEvent>> EventsAsync(this IWardenStore store, CancellationToken cancellationToken = default) =>
        store.ReadAsync((tx, ct) => ToListAsync(tx.Audit.ReadAllAsync(ct), ct), cancellationToken);

    /// <summary>The audit log's head, or null when it is empty.</summary>
    public static ValueTask<AuditHead?> HeadAsync(this IWardenStore store, CancellationToken cancellationToken = default) =>
        store.ReadAsync((tx, ct) => tx.Audit.HeadAsync(ct), cancellationToken);

    /// <summary>What <c>audit verify</c> checks: the chain from stored bytes, then every state row.</summary>
    public static ValueTask<AuditVerification> VerifyAsync(this IWardenStore store, CancellationToken cancellationToken = default) =>
        store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyWithStateAsync(tx.Audit, tx.Rows, cancellationToken: ct), cancellationToken);

    /// <summary>Drains an async sequence into a list.</summary>
    public static async ValueTask<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken = default)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }
}

using Warden.Audit;

namespace Warden.Storage.Copying;

/// <summary>
/// Copies one store into another, empty one (SQLite to PostgreSQL when a team outgrows one
/// machine, or back), then checks the target on its own: every table's row count equals the
/// source's, the audit chain recomputes from the copied bytes to the source's head, and every
/// state row is vouched for by the events that wrote it. A source whose chain does not verify is
/// not copied: a move must not launder a tampered log.
/// </summary>
internal static class StoreCopy
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> and checks the result.</summary>
    /// <exception cref="StoreCopyRefusal">The target is not empty, a store cannot be copied, or the source does not verify; nothing was written.</exception>
    public static async ValueTask<StoreCopyResult> RunAsync(
        IWardenStore source, IWardenStore target, TimeProvider time, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken)
    {
        var from = Tables(source);
        var to = Tables(target);
        var started = time.GetTimestamp();
        var occupied = (await to.ListAsync(cancellationToken).ConfigureAwait(false)).Where(t => t.Rows > 0).ToList();
        if (occupied.Count > 0)
        {
            throw new StoreCopyRefusal(
                $"{target.Location} is not empty ({string.Join(", ", occupied.Select(t => $"{t.Name}: {t.Rows} rows"))}); a migration writes only into an empty store. " +
                "Give an empty database (or a new data directory) as the target.");
        }

        var sourceCheck = await source.ReadAsync((tx, ct) => AuditChainVerifier.VerifyWithStateAsync(tx.Audit, tx.Rows, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        if (!sourceCheck.Intact)
        {
            throw new StoreCopyRefusal(
                $"{source.Location}: the audit log does not verify ({sourceCheck.Problem ?? $"{sourceCheck.StateRows?.Problems.Count} state row(s) not vouched for"}); nothing was copied. " +
                "Run 'warden audit verify' on it and resolve that first.");
        }

        var (copied, sourceHead) = await from.SnapshotAsync(
            async (snapshot, ct) =>
            {
                await to.ImportAsync(snapshot, progress, ct).ConfigureAwait(false);
                return (snapshot.Tables, await HeadOfAsync(snapshot, ct).ConfigureAwait(false));
            },
            cancellationToken).ConfigureAwait(false);

        var written = (await to.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(t => t.Name, t => t.Rows, StringComparer.Ordinal);
        var tables = copied.Select(t => (t.Name, t.Rows, written.GetValueOrDefault(t.Name, -1))).ToList();
        var verification = await target.ReadAsync((tx, ct) => AuditChainVerifier.VerifyWithStateAsync(tx.Audit, tx.Rows, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        problems.AddRange(tables.Where(t => t.Item2 != t.Item3).Select(t => $"{t.Name}: {t.Item2} rows in the source, {t.Item3} in the target"));
        if (verification.Problem is { } broken)
        {
            problems.Add($"the copied audit chain does not verify: {broken}");
        }
        else if (verification.StateRows is { Problems.Count: > 0 } rows)
        {
            problems.Add($"{rows.Problems.Count} copied state row(s) are not vouched for by the audit log");
        }

        if (sourceHead is not null && (verification.Head?.Sequence != sourceHead.Sequence || verification.Head?.Hash != sourceHead.Hash))
        {
            problems.Add($"the target's audit head ({verification.Head?.Sequence}) is not the source's ({sourceHead.Sequence} {sourceHead.Hash})");
        }

        return new StoreCopyResult
        {
            Tables = tables,
            SourceHead = sourceHead,
            Target = verification,
            Elapsed = time.GetElapsedTime(started),
            Problems = problems,
        };
    }

    private static IStoreTables Tables(IWardenStore store) =>
        store as IStoreTables ?? throw new StoreCopyRefusal($"{store.Location}: this store cannot be copied table by table.");

    // The head as the snapshot holds it (audit_head: id, seq, hash).
    private static async ValueTask<AuditHead?> HeadOfAsync(IStoreSnapshot snapshot, CancellationToken cancellationToken)
    {
        var table = snapshot.Tables.Single(t => t.Name == "audit_head");
        var seq = IndexOf(table, "seq");
        var hash = IndexOf(table, "hash");
        await foreach (var row in snapshot.RowsAsync(table, cancellationToken).ConfigureAwait(false))
        {
            return new AuditHead(Convert.ToInt64(row[seq], System.Globalization.CultureInfo.InvariantCulture), (string)row[hash]!);
        }

        return null;
    }

    private static int IndexOf(StoreTable table, string column) =>
        table.Columns.Select((name, i) => (name, i)).Single(c => c.name == column).i;
}

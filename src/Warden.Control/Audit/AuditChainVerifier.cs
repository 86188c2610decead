using System.Collections.Concurrent;
using System.Text;

namespace Warden.Audit;

/// <summary>
/// Recomputes the hash chain and names the first event that breaks it: an edited event (its
/// hash no longer matches its fields), a deleted or inserted one (a gap in the sequence or a
/// previous-hash that does not link), or events cut from the end (the head disagrees).
/// </summary>
internal static class AuditChainVerifier
{
    /// <summary>How many rows pass between two progress reports.</summary>
    public const int ProgressInterval = 1 << 16;

    private const int RowsPerBatch = 4096;

    private static ReadOnlySpan<byte> AttestsMember => "\"attests\":"u8;
    private const int BatchesInFlight = 3;

    /// <summary>Verifies <paramref name="events"/> (in sequence order) against <paramref name="head"/>.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> events, AuditHead? head)
    {
        var check = new AuditChainCheck();
        foreach (var e in events)
        {
            var row = new AuditRow
            {
                Sequence = e.Sequence,
                Time = Encoding.UTF8.GetBytes(AuditHash.FormatTime(e.Time)),
                Actor = Encoding.UTF8.GetBytes(e.Actor),
                Action = Encoding.UTF8.GetBytes(e.Action),
                Subject = Encoding.UTF8.GetBytes(e.Subject),
                HasDeploymentId = e.DeploymentId is not null,
                DeploymentId = Encoding.UTF8.GetBytes(e.DeploymentId ?? string.Empty),
                EvidenceIds = Encoding.UTF8.GetBytes(string.Join('\n', e.EvidenceIds)),
                Payload = Encoding.UTF8.GetBytes(e.Payload),
                PreviousHash = Encoding.UTF8.GetBytes(e.PreviousHash),
                Hash = Encoding.UTF8.GetBytes(e.Hash),
            };
            if (!check.Check(row))
            {
                break;
            }
        }

        return check.Finish(head);
    }

    /// <summary>
    /// Verifies the whole log of one read transaction from its stored bytes (no record per row),
    /// comparing the event at <paramref name="anchor"/>'s sequence with the anchored hash, and reporting the rows read to
    /// <paramref name="progress"/> every <see cref="ProgressInterval"/> rows. The calling thread reads rows
    /// from the store in blocks while a second thread hashes and links the previous block, so a
    /// million events take about as long as reading them.
    /// </summary>
    public static ValueTask<AuditVerification> VerifyAsync(IAuditLog log, AuditHead? anchor = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(log, anchor, progress, attesting: null, cancellationToken);

    /// <summary>
    /// The chain check of <see cref="VerifyAsync(IAuditLog, AuditHead?, IProgress{long}?, CancellationToken)"/>, then, when the chain is
    /// intact, every state row of <paramref name="rows"/> against the events that attest it
    /// (<see cref="StateRowVerifier"/>). The attesting events' payloads are collected in the same
    /// pass over the log, so the state check costs no second scan.
    /// </summary>
    public static async ValueTask<AuditVerification> VerifyWithStateAsync(
        IAuditLog log, IStateRows rows, AuditHead? anchor = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var attesting = new List<(long Sequence, string Payload)>();
        var chain = await VerifyAsync(log, anchor, progress, attesting, cancellationToken).ConfigureAwait(false);
        return chain.Problem is null
            ? chain with { StateRows = await StateRowVerifier.VerifyAllAsync(rows, attesting, cancellationToken).ConfigureAwait(false) }
            : chain;
    }

    private static async ValueTask<AuditVerification> VerifyAsync(
        IAuditLog log, AuditHead? anchor, IProgress<long>? progress, List<(long Sequence, string Payload)>? attesting, CancellationToken cancellationToken)
    {
        var check = new AuditChainCheck(anchor);
        using var full = new BlockingCollection<AuditRowBatch>(BatchesInFlight);
        using var free = new BlockingCollection<AuditRowBatch>(BatchesInFlight + 1);
        for (var i = 0; i <= BatchesInFlight; i++)
        {
            free.Add(new AuditRowBatch(RowsPerBatch, RowsPerBatch * 512));
        }

        var stop = 0;
        using var failed = new CancellationTokenSource();
        var hasher = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var batch in full.GetConsumingEnumerable())
                    {
                        for (var i = 0; i < batch.Count && Volatile.Read(ref stop) == 0; i++)
                        {
                            if (!check.Check(batch.Row(i)))
                            {
                                Volatile.Write(ref stop, 1);
                            }
                        }

                        batch.Clear();
                        free.Add(batch);
                    }
                }
                catch
                {
                    // Unblock the reader; the exception surfaces when the reader waits for this task.
                    failed.Cancel();
                    throw;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        try
        {
            var current = free.Take(failed.Token);
            long read = 0;
            await log.ScanAsync((in AuditRow row) =>
            {
                current.Add(row);
                // Only payloads that carry an attests member are kept (a vectorised byte search): a
                // log of a million events without one costs no string and no JSON parse per event.
                if (attesting is not null && AuditActions.IsAttesting(row.Action) && row.Payload.IndexOf(AttestsMember) >= 0)
                {
                    attesting.Add((row.Sequence, Encoding.UTF8.GetString(row.Payload)));
                }

                if (current.Full)
                {
                    full.Add(current, failed.Token);
                    current = free.Take(failed.Token);
                }

                if ((++read & (ProgressInterval - 1)) == 0)
                {
                    progress?.Report(read);
                }

                return Volatile.Read(ref stop) == 0;
            }, cancellationToken).ConfigureAwait(false);
            full.Add(current, failed.Token);
        }
        finally
        {
            full.CompleteAdding();
            await hasher.ConfigureAwait(false);
        }

        return check.Finish(await log.HeadAsync(cancellationToken).ConfigureAwait(false));
    }
}

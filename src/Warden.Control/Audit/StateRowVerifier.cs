namespace Warden.Audit;

/// <summary>
/// Checks state rows against the events that attest them. A row is vouched for when the latest
/// event attesting its table and key names its current digest, and the row names that event.
/// Anything else is a hand edit: a row no event attests (inserted), a digest that differs
/// (edited), a row named by an event but gone (deleted), a row pointing at an older event (rolled back).
/// </summary>
internal static class StateRowVerifier
{
    /// <summary>
    /// Every row against <paramref name="attestingEvents"/> (sequence and payload of each event of an
    /// <see cref="AuditActions.Attesting"/> action, in sequence order, from a chain already verified).
    /// </summary>
    public static async ValueTask<StateRowCheck> VerifyAllAsync(IStateRows rows, IEnumerable<(long Sequence, string Payload)> attestingEvents, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<StateRowRef, (long Sequence, string Sha256)>();
        foreach (var (sequence, payload) in attestingEvents)
        {
            foreach (var attestation in StateAttestations.Parse(payload))
            {
                latest[attestation.Row] = (sequence, attestation.Sha256);
            }
        }

        var problems = new List<StateRowProblem>();
        var seen = new HashSet<StateRowRef>();
        long count = 0;
        await foreach (var row in rows.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            count++;
            seen.Add(row.Ref);
            if (!latest.TryGetValue(row.Ref, out var attested))
            {
                problems.Add(new StateRowProblem(row.Ref, row.AuditSequence is { } named
                    ? $"no audit event attests this row ({row.Summary}); it names {AuditIds.Format(named)}, which does not: inserted or re-keyed by hand"
                    : $"no audit event attests this row ({row.Summary}): inserted by hand"));
            }
            else if (row.Sha256 != attested.Sha256)
            {
                problems.Add(new StateRowProblem(row.Ref,
                    $"its content ({row.Summary}) hashes to {Short(row.Sha256)}, but {AuditIds.Format(attested.Sequence)} attests {Short(attested.Sha256)}: edited by hand"));
            }
            else if (row.AuditSequence != attested.Sequence)
            {
                problems.Add(new StateRowProblem(row.Ref,
                    $"it names {(row.AuditSequence is { } s ? AuditIds.Format(s) : "no event")}, but the latest event that attests it is {AuditIds.Format(attested.Sequence)}: its audit_seq was edited by hand"));
            }
            else if (row.RecordedSha256 != attested.Sha256)
            {
                problems.Add(new StateRowProblem(row.Ref,
                    $"its row_sha256 column says {Short(row.RecordedSha256)}, but {AuditIds.Format(attested.Sequence)} attests {Short(attested.Sha256)} (which its content matches): the column was edited by hand"));
            }
        }

        foreach (var (key, attested) in latest)
        {
            if (!seen.Contains(key))
            {
                problems.Add(new StateRowProblem(key, $"{AuditIds.Format(attested.Sequence)} attests this row, but it is gone: deleted by hand"));
            }
        }

        return new StateRowCheck(count, problems);
    }

    /// <summary>
    /// One row against the event it names (that event's own hash recomputed): what a decision
    /// checks before it relies on the row. Null when the row is vouched for, else the problem.
    /// It does not scan the log, so a row reset to an earlier attested state passes here and is
    /// caught by <c>audit verify</c> (which knows the latest event for every row).
    /// </summary>
    public static async ValueTask<string?> VerifyOneAsync(IAuditLog log, IStateRows rows, StateRowRef key, CancellationToken cancellationToken)
    {
        if (await rows.ReadAsync(key, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return "the row is gone";
        }

        if (row.AuditSequence is not { } sequence)
        {
            return $"no audit event attests it ({row.Summary}): inserted by hand";
        }

        var id = AuditIds.Format(sequence);
        if (await log.FindAsync(sequence, cancellationToken).ConfigureAwait(false) is not { } e)
        {
            return $"it names {id}, which does not exist";
        }

        if (!AuditActions.Attesting.Contains(e.Action, StringComparer.Ordinal))
        {
            return $"it names {id}, a {e.Action} event, which cannot attest state rows";
        }

        if (AuditHash.Compute(e) != e.Hash)
        {
            return $"{id}, which attests it, was modified (run 'warden audit verify')";
        }

        var attested = StateAttestations.Parse(e.Payload).LastOrDefault(a => a.Row == key);
        if (attested is null)
        {
            return $"it names {id}, which does not attest it: inserted or re-keyed by hand";
        }

        return attested.Sha256 == row.Sha256
            ? null
            : $"its content ({row.Summary}) hashes to {Short(row.Sha256)}, but {id} attests {Short(attested.Sha256)}: edited by hand";
    }

    private static string Short(string? sha256) => sha256 is null ? "nothing" : sha256.Length > 12 ? sha256[..12] : sha256;
}

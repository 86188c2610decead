namespace Warden.Audit;

/// <summary>
/// Recomputes the hash chain and names the first event that breaks it: an edited event (its
/// hash no longer matches its fields), a deleted or inserted one (a gap in the sequence or a
/// previous-hash that does not link), or events cut from the end (the head disagrees).
/// </summary>
internal static class AuditChainVerifier
{
    /// <summary>Verifies <paramref name="events"/> (in sequence order) against <paramref name="head"/>.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> events, AuditHead? head)
    {
        long expected = 1;
        var previous = AuditHash.Genesis;
        long count = 0;
        foreach (var e in events)
        {
            count++;
            if (e.Sequence != expected)
            {
                return Broken(count, head, expected, e.Sequence < expected
                    ? $"{AuditIds.Format(e.Sequence)} appears again or out of order after {AuditIds.Format(expected - 1)}"
                    : $"{AuditIds.Format(expected)}{(e.Sequence - expected > 1 ? $"–{AuditIds.Format(e.Sequence - 1)}" : string.Empty)} missing: the log jumps from {AuditIds.Format(expected - 1)} to {AuditIds.Format(e.Sequence)} (deleted rows)");
            }

            if (!string.Equals(e.PreviousHash, previous, StringComparison.Ordinal))
            {
                return Broken(count, head, e.Sequence,
                    $"{e.Id} does not link to the event before it (previous hash {Short(e.PreviousHash)}, expected {Short(previous)}): an earlier event was replaced or this one was inserted");
            }

            var actual = AuditHash.Compute(e);
            if (!string.Equals(actual, e.Hash, StringComparison.Ordinal))
            {
                return Broken(count, head, e.Sequence,
                    $"{e.Id} ({e.Action} {e.Subject}) was modified: its fields hash to {Short(actual)}, recorded {Short(e.Hash)}");
            }

            previous = e.Hash;
            expected++;
        }

        var last = expected - 1;
        if (head is null && last > 0)
        {
            return Broken(count, head, last, $"the head record is missing but the log has {last} events (audit_head was deleted)");
        }

        if (head is not null && (head.Sequence != last || !string.Equals(head.Hash, previous, StringComparison.Ordinal)))
        {
            return head.Sequence > last
                ? Broken(count, head, last + 1, $"events after {AuditIds.Format(last)} are missing: the head says the log ends at {AuditIds.Format(head.Sequence)} (rows deleted from the end)")
                : Broken(count, head, head.Sequence, $"the head ({AuditIds.Format(head.Sequence)}, {Short(head.Hash)}) does not match the last event ({AuditIds.Format(last)}, {Short(previous)})");
        }

        return new AuditVerification { Events = count, Head = head };
    }

    private static AuditVerification Broken(long count, AuditHead? head, long at, string problem) =>
        new() { Events = count, Head = head, BrokenAt = at, Problem = problem };

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}

using System.Text;

namespace Warden.Audit;

/// <summary>
/// The chain check one event at a time, over stored bytes: feed rows in sequence order with
/// <see cref="Check"/> until it returns false (broken) or the rows run out, then <see cref="Finish"/>
/// against the head. Holds only the previous hash, so memory does not grow with the log.
/// </summary>
internal sealed class AuditChainCheck
{
    private const int HexLength = 64;

    private readonly byte[] _previous = Encoding.ASCII.GetBytes(AuditHash.Genesis);
    private readonly AuditHead? _anchor;
    private readonly byte[] _anchorHash;
    private long _expected = 1;
    private long _count;
    private AuditVerification? _broken;

    /// <summary>A check that also compares the event at <paramref name="anchor"/>'s sequence with its hash.</summary>
    public AuditChainCheck(AuditHead? anchor = null)
    {
        _anchor = anchor;
        _anchorHash = anchor is null ? [] : Encoding.ASCII.GetBytes(anchor.Hash);
    }

    /// <summary>Events checked so far.</summary>
    public long Checked => _count;

    /// <summary>Checks one event; false once the chain is broken (stop feeding rows).</summary>
    public bool Check(in AuditRow row)
    {
        if (_broken is not null)
        {
            return false;
        }

        _count++;
        var id = row.Sequence;
        if (id != _expected)
        {
            _broken = Broken(null, _expected, id < _expected
                ? $"{AuditIds.Format(id)} appears again or out of order after {AuditIds.Format(_expected - 1)}"
                : $"{AuditIds.Format(_expected)}{(id - _expected > 1 ? $"–{AuditIds.Format(id - 1)}" : string.Empty)} missing: the log jumps from {AuditIds.Format(_expected - 1)} to {AuditIds.Format(id)} (deleted rows)");
            return false;
        }

        if (!row.PreviousHash.SequenceEqual(_previous))
        {
            _broken = Broken(null, id,
                $"{AuditIds.Format(id)} does not link to the event before it (previous hash {Short(row.PreviousHash)}, expected {Short(_previous)}): an earlier event was replaced or this one was inserted");
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        Span<byte> hex = stackalloc byte[HexLength];
        AuditHash.Compute(row, hash);
        AuditHash.WriteHex(hash, hex);
        if (!hex.SequenceEqual(row.Hash))
        {
            _broken = Broken(null, id,
                $"{AuditIds.Format(id)} ({Text(row.Action)} {Text(row.Subject)}) was modified: its fields hash to {Short(hex)}, recorded {Short(row.Hash)}");
            return false;
        }

        if (_anchor is not null && id == _anchor.Sequence && !row.Hash.SequenceEqual(_anchorHash))
        {
            _broken = Broken(null, id,
                $"{AuditIds.Format(id)} does not match the anchor (anchored {Short(_anchor.Hash)}, the log has {Short(row.Hash)}): the log was rewritten at or before {AuditIds.Format(id)}, hashes and head included");
            return false;
        }

        // A stored hash of the wrong length cannot equal the 64 hex digits computed above, so it is exactly 64 bytes here.
        row.Hash.CopyTo(_previous);
        _expected++;
        return true;
    }

    /// <summary>The outcome: the first break found, or the comparison of the last event with <paramref name="head"/>.</summary>
    public AuditVerification Finish(AuditHead? head)
    {
        if (_broken is not null)
        {
            return _broken with { Head = head };
        }

        var last = _expected - 1;
        var previous = Encoding.ASCII.GetString(_previous);
        if (head is null && last > 0)
        {
            return Broken(head, last, $"the head record is missing but the log has {last} events (audit_head was deleted)");
        }

        if (head is not null && (head.Sequence != last || !string.Equals(head.Hash, previous, StringComparison.Ordinal)))
        {
            return head.Sequence > last
                ? Broken(head, last + 1, $"events after {AuditIds.Format(last)} are missing: the head says the log ends at {AuditIds.Format(head.Sequence)} (rows deleted from the end)")
                : Broken(head, head.Sequence, $"the head ({AuditIds.Format(head.Sequence)}, {Short(head.Hash)}) does not match the last event ({AuditIds.Format(last)}, {Short(previous)})");
        }

        if (_anchor is not null && _anchor.Sequence > last)
        {
            return Broken(head, last + 1, $"the anchor {AuditIds.Format(_anchor.Sequence)} is past the end of the log ({(last == 0 ? "empty" : "ends at " + AuditIds.Format(last))}): events were deleted and the head rewritten, or the log was replaced");
        }

        return new AuditVerification { Events = _count, Head = head };
    }

    private AuditVerification Broken(AuditHead? head, long at, string problem) =>
        new() { Events = _count, Head = head, BrokenAt = at, Problem = problem };

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    private static string Short(ReadOnlySpan<byte> hex) => Text(hex.Length > 12 ? hex[..12] : hex);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}

namespace Warden.Audit;

/// <summary>The audit log as one store transaction sees it.</summary>
internal interface IAuditLog
{
    /// <summary>
    /// Appends one event chained to the last; it commits with the enclosing transaction. The rows in
    /// <see cref="AuditEventDraft.Attests"/> must already be written in this transaction: their
    /// digests go into the payload's <c>attests</c> and the rows are stamped with the event.
    /// </summary>
    AuditEvent Append(AuditEventDraft draft);

    /// <summary>The sequence the next <see cref="Append"/> in this transaction will get.</summary>
    long NextSequence { get; }

    /// <summary>The event at <paramref name="sequence"/>, or null.</summary>
    AuditEvent? Find(long sequence);

    /// <summary>Events matching <paramref name="query"/>, oldest first.</summary>
    IReadOnlyList<AuditEvent> List(AuditQuery query);

    /// <summary>Every event in sequence order, streamed (for verification over millions of rows).</summary>
    IEnumerable<AuditEvent> ReadAll();

    /// <summary>
    /// Streams every event in sequence order as raw column bytes (no per-row allocation), until
    /// <paramref name="handler"/> returns false. Returns the number of rows handed out.
    /// </summary>
    long Scan(AuditRowHandler handler);

    /// <summary>The recorded head (last sequence and hash), or null for an empty log.</summary>
    AuditHead? Head();
}

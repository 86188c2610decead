namespace Warden.Audit;

/// <summary>The audit log as one store transaction sees it.</summary>
internal interface IAuditLog
{
    /// <summary>
    /// Appends one event chained to the last; it commits with the enclosing transaction. The rows in
    /// <see cref="AuditEventDraft.Attests"/> must already be written in this transaction: their
    /// digests go into the payload's <c>attests</c> and the rows are stamped with the event.
    /// </summary>
    ValueTask<AuditEvent> AppendAsync(AuditEventDraft draft, CancellationToken cancellationToken);

    /// <summary>The sequence the next <see cref="AppendAsync"/> in this transaction will get.</summary>
    ValueTask<long> NextSequenceAsync(CancellationToken cancellationToken);

    /// <summary>The event at <paramref name="sequence"/>, or null.</summary>
    ValueTask<AuditEvent?> FindAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>Events matching <paramref name="query"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>How many events match <paramref name="query"/> (its limit ignored).</summary>
    ValueTask<long> CountAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Every event in sequence order, streamed (for verification over millions of rows).</summary>
    IAsyncEnumerable<AuditEvent> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Streams every event in sequence order as raw column bytes (no per-row allocation), until
    /// <paramref name="handler"/> returns false. Returns the number of rows handed out. The handler
    /// runs synchronously per row (the row's bytes live only for that call).
    /// </summary>
    ValueTask<long> ScanAsync(AuditRowHandler handler, CancellationToken cancellationToken);

    /// <summary>The recorded head (last sequence and hash), or null for an empty log.</summary>
    ValueTask<AuditHead?> HeadAsync(CancellationToken cancellationToken);
}

namespace Warden.Audit;

/// <summary>
/// The state rows decisions trust (versions, aliases and their moves, artifact and checkpoint
/// verifications, recorded verdicts), as one store transaction sees them, reduced to what the audit
/// log attests: key, the event named, and the content digest (<see cref="StateRowDigest"/>).
/// </summary>
internal interface IStateRows
{
    /// <summary>Every attested table's rows, table by table in a fixed order.</summary>
    IAsyncEnumerable<StoredStateRow> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>One row, or null when it does not exist.</summary>
    ValueTask<StoredStateRow?> ReadAsync(StateRowRef row, CancellationToken cancellationToken);

    /// <summary>Records that event <paramref name="sequence"/> attests <paramref name="row"/> with <paramref name="sha256"/> (sets <c>audit_seq</c> and <c>row_sha256</c>).</summary>
    ValueTask StampAsync(StateRowRef row, long sequence, string sha256, CancellationToken cancellationToken);
}

namespace Warden.Audit;

/// <summary>A state row as stored: the event it names, the digest its column records, and the digest its content has now.</summary>
internal sealed record StoredStateRow
{
    /// <summary>Table and key.</summary>
    public required StateRowRef Ref { get; init; }

    /// <summary>The <c>audit_seq</c> column: the event that last wrote the row, or null (never attested).</summary>
    public long? AuditSequence { get; init; }

    /// <summary>The <c>row_sha256</c> column, or null.</summary>
    public string? RecordedSha256 { get; init; }

    /// <summary>The digest recomputed from the row's content columns now.</summary>
    public required string Sha256 { get; init; }

    /// <summary>A few content columns that say what the row is about (e.g. <c>ranker v3, deployment forged-1, GO</c>), for messages.</summary>
    public string Summary { get; init; } = string.Empty;
}

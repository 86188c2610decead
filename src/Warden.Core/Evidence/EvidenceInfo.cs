namespace Warden.Core.Evidence;

/// <summary>
/// Provenance of one dataset read as evidence: where it came from, what it hashed to, how many
/// records it held, which time span they cover and how many lines were rejected.
/// </summary>
public sealed record EvidenceInfo
{
    /// <summary>Short content id (<c>ev:</c> + 8 hex digits of sha256).</summary>
    public required EvidenceId Id { get; init; }

    /// <summary>Path or URI the bytes were read from, as the user gave it.</summary>
    public required string Source { get; init; }

    /// <summary>Format name, e.g. <c>telemetry-jsonl</c>, <c>trec-qrels</c>, <c>trec-run</c>.</summary>
    public required string Format { get; init; }

    /// <summary>Records accepted.</summary>
    public required long RecordCount { get; init; }

    /// <summary>Lines rejected (only non-zero in lenient mode; strict mode fails instead).</summary>
    public long RejectedCount { get; init; }

    /// <summary>Bytes read.</summary>
    public long ByteCount { get; init; }

    /// <summary>Earliest record timestamp, when the format carries time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest record timestamp, when the format carries time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>External run id (for example an MLflow run id) the dataset belongs to, if known.</summary>
    public string? RunId { get; init; }
}

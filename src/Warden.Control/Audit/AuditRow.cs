namespace Warden.Audit;

/// <summary>
/// One stored event as raw UTF-8 column bytes, valid only during the <see cref="AuditRowHandler"/>
/// call that receives it. Verification hashes these bytes as they are stored, so a million events
/// are checked without building a string or a record per row.
/// </summary>
internal readonly ref struct AuditRow
{
    /// <summary>Position in the log.</summary>
    public required long Sequence { get; init; }

    /// <summary>The stored time text (<see cref="AuditHash.TimeFormat"/>).</summary>
    public required ReadOnlySpan<byte> Time { get; init; }

    /// <summary>Who acted.</summary>
    public required ReadOnlySpan<byte> Actor { get; init; }

    /// <summary>What was done.</summary>
    public required ReadOnlySpan<byte> Action { get; init; }

    /// <summary>What it was done to.</summary>
    public required ReadOnlySpan<byte> Subject { get; init; }

    /// <summary>True when the event has a deployment id (the column is not NULL).</summary>
    public required bool HasDeploymentId { get; init; }

    /// <summary>The deployment id; empty when <see cref="HasDeploymentId"/> is false.</summary>
    public required ReadOnlySpan<byte> DeploymentId { get; init; }

    /// <summary>Evidence ids joined by a line feed, as stored.</summary>
    public required ReadOnlySpan<byte> EvidenceIds { get; init; }

    /// <summary>The JSON payload.</summary>
    public required ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>The recorded previous hash (hex).</summary>
    public required ReadOnlySpan<byte> PreviousHash { get; init; }

    /// <summary>The recorded hash (hex).</summary>
    public required ReadOnlySpan<byte> Hash { get; init; }
}

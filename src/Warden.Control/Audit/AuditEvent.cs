namespace Warden.Audit;

/// <summary>
/// One recorded action. <see cref="Hash"/> is the sha256 of this event's fields and
/// <see cref="PreviousHash"/>, so editing, inserting or deleting any earlier event breaks every
/// later link (see <see cref="AuditHash"/>).
/// </summary>
internal sealed record AuditEvent
{
    /// <summary>Position in the log, 1, 2, 3, … without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>When it was recorded (UTC, 100 ns resolution).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who did it.</summary>
    public required string Actor { get; init; }

    /// <summary>What was done (<see cref="AuditActions"/>).</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to.</summary>
    public required string Subject { get; init; }

    /// <summary>Deployment id, if any.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Evidence ids the action rests on.</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>Details as one compact JSON object.</summary>
    public required string Payload { get; init; }

    /// <summary>Hash of the event before this one (64 zeros for the first).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>sha256 (hex) of this event's canonical form, chained to <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>The event id users quote: <c>evt-</c> and the sequence number.</summary>
    public string Id => AuditIds.Format(Sequence);
}

namespace Warden.Audit;

/// <summary>The outcome of recomputing the chain.</summary>
internal sealed record AuditVerification
{
    /// <summary>Events checked.</summary>
    public required long Events { get; init; }

    /// <summary>The recorded head, if any.</summary>
    public AuditHead? Head { get; init; }

    /// <summary>Sequence of the first event that does not verify, or null when the chain is intact.</summary>
    public long? BrokenAt { get; init; }

    /// <summary>What is wrong at <see cref="BrokenAt"/> (or with the head), one sentence.</summary>
    public string? Problem { get; init; }

    /// <summary>The state rows checked against the events that attest them; null when the chain is broken (its payloads cannot be trusted) or the check was not run.</summary>
    public StateRowCheck? StateRows { get; init; }

    /// <summary>True when every event and the head verify, and every state row checked is vouched for.</summary>
    public bool Intact => Problem is null && (StateRows is null || StateRows.Problems.Count == 0);
}

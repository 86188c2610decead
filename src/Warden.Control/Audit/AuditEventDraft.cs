namespace Warden.Audit;

/// <summary>An action about to be recorded; the log adds sequence, time and the hash chain.</summary>
internal sealed record AuditEventDraft
{
    /// <summary>Who did it: <c>--actor</c>, <c>WARDEN_ACTOR</c>, or <c>user@host</c> (see <see cref="AuditActor"/>).</summary>
    public required string Actor { get; init; }

    /// <summary>What was done, one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to, e.g. <c>model:ranker@v2</c> or <c>alias:ranker/production</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Deployment id the action belongs to, when there is one.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Evidence ids (<c>ev:…</c>) the action rests on.</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>Details as one compact JSON object (<c>{}</c> when none).</summary>
    public string Payload { get; init; } = "{}";

    /// <summary>
    /// State rows this action wrote (already in the transaction). The log adds each row's digest to
    /// the payload's <c>attests</c> member and stamps the rows with the event's sequence, so
    /// <c>audit verify</c> can tell a hand-edited row from one Warden wrote.
    /// </summary>
    public IReadOnlyList<StateRowRef> Attests { get; init; } = [];
}

namespace Warden.Rollouts;

/// <summary>What moves a rollout, as its history and audit event record it.</summary>
/// <param name="Kind">
/// <c>start</c>, <c>command:pause</c> (and the other commands), <c>analysis</c>, <c>verdict</c>,
/// <c>timeout</c>, <c>clock</c>, <c>guard</c>, <c>refusal</c>.
/// </param>
/// <param name="Actor">A person's name for a command; the controller's holder name otherwise.</param>
/// <param name="DetailJson">The measured values behind the decision (a step analysis, a live verdict), or null.</param>
/// <param name="EvidenceIds">The ids of the measurements behind the decision (<c>prom:…</c>), for the audit event's evidence; null for none.</param>
internal sealed record RolloutInput(string Kind, string Actor, string? DetailJson = null, IReadOnlyList<string>? EvidenceIds = null);

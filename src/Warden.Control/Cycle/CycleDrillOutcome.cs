namespace Warden.Cycle;

/// <summary>What a cycle's drill found.</summary>
/// <param name="Succeeded">True when the guard rolled the fault back in time.</param>
/// <param name="Summary">One line with the run id, the trigger and the RTO.</param>
/// <param name="EvidenceIds">The drill run id, its event id and its rollback's evidence.</param>
internal sealed record CycleDrillOutcome(bool Succeeded, string Summary, IReadOnlyList<string> EvidenceIds);

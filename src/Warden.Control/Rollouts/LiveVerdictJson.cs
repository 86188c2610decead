namespace Warden.Rollouts;

/// <summary>
/// The live shadow verdict as a rollout's history stores it (<see cref="RolloutEventRecord.DetailJson"/>
/// of the <c>verdict</c> transition) and <c>warden rollout status</c> reads it back: the outcome,
/// the rule that decided, the traffic judged, where the reports are, and every check.
/// </summary>
internal sealed record LiveVerdictJson(
    string Outcome,
    string Rule,
    long ProductionRequests,
    long ShadowRequests,
    string? Report,
    string? ReportSha256,
    IReadOnlyList<CheckJson> Checks);

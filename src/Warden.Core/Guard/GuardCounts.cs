namespace Warden.Core.Guard;

/// <summary>
/// What the guard counts of one version's live requests (production and canary arms, never the
/// shadow): cumulative, so the counts of a phase are the difference of two readings.
/// </summary>
/// <param name="Requests">Requests answered or failed.</param>
/// <param name="Errors">Requests that failed (5xx, timeout, refused, reset, backend down); a client that went away is not an error.</param>
/// <param name="Slow">Requests slower than the latency trigger (P95 target + margin).</param>
/// <param name="DriftRequests">Requests counted since the drift threshold was set.</param>
/// <param name="DriftSlow">Of those, requests slower than the drift threshold (production's P95 + the drift limit).</param>
/// <param name="ComplianceJudged">Answers whose top-ranked item has a compliance label.</param>
/// <param name="Compliant">Of those, answers whose top-ranked item is compliant.</param>
public readonly record struct GuardCounts(
    long Requests,
    long Errors,
    long Slow,
    long DriftRequests,
    long DriftSlow,
    long ComplianceJudged,
    long Compliant)
{
    /// <summary>The counts between an earlier reading and this one; a field that went backwards (a restarted counter) counts from zero.</summary>
    public GuardCounts Since(GuardCounts earlier) => new(
        Delta(Requests, earlier.Requests),
        Delta(Errors, earlier.Errors),
        Delta(Slow, earlier.Slow),
        Delta(DriftRequests, earlier.DriftRequests),
        Delta(DriftSlow, earlier.DriftSlow),
        Delta(ComplianceJudged, earlier.ComplianceJudged),
        Delta(Compliant, earlier.Compliant));

    private static long Delta(long now, long before) => now >= before ? now - before : now;
}

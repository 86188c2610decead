using Warden.Core.Policy;
using Warden.Core.Verdicts;

namespace Warden.Core.Reports;

/// <summary>
/// The Ops Commander's report of a verdict, as markdown for people (<c>deployment_verdict.md</c>)
/// and JSON for pipelines (<c>deployment_verdict.json</c>). Both are deterministic: the same
/// inputs give the same bytes (invariant culture, LF line ends, time taken from
/// <see cref="VerdictEvidence.AsOf"/>, never from the clock).
/// </summary>
public static class VerdictReport
{
    /// <summary>
    /// The markdown report: a title and context line, then DEPLOYMENT SUMMARY (≤ 150 words),
    /// DECISION TABLE, SAFETY GATE STATUS, INTEGRATION STATUS, REVIEWER VOTES, FINAL VERDICT (a
    /// justification of ≤ 25 words) and the Ops Commander's closing line. Every observed number is
    /// followed by its provenance (<c>47.8 ms @ ev:3f2a9c1e</c>, plus <c>@ mlflow:id</c> when the
    /// arm has an MLflow run); a missing value reads <c>n/a: reason</c>.
    /// </summary>
    /// <param name="decision">The engine's verdict with every vote and check.</param>
    /// <param name="evidence">The measurements and bundle files the verdict was judged on.</param>
    /// <param name="policy">The thresholds it was judged against.</param>
    public static string Markdown(VerdictDecision decision, VerdictEvidence evidence, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        return new MarkdownReport(new ReportContext(decision, evidence, policy)).Write();
    }

    /// <summary>
    /// The JSON twin of <see cref="Markdown"/> (snake_case): deployment_id, as_of, baseline and
    /// candidate (version, mlflow_run_id, requests), outcome (<c>GO</c>, <c>SHADOW_ONLY</c>,
    /// <c>PAUSE_AND_FIX</c>, <c>REJECT</c>), exit_code (0/3/4/5), rule, findings (check ids),
    /// go_votes, quorum, votes, checks (with observed value, interval, method, n, resamples, seed),
    /// inputs (role, path, evidence id, hashes, pin, MLflow run id, problem) and the whole policy.
    /// </summary>
    /// <param name="decision">The engine's verdict with every vote and check.</param>
    /// <param name="evidence">The measurements and bundle files the verdict was judged on.</param>
    /// <param name="policy">The thresholds it was judged against.</param>
    public static string Json(VerdictDecision decision, VerdictEvidence evidence, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        return VerdictJson.Write(decision, evidence, policy);
    }

    /// <summary>The process exit code of an outcome: 0 GO, 3 SHADOW ONLY, 4 PAUSE_AND_FIX, 5 REJECT.</summary>
    public static int ExitCode(VerdictOutcome outcome) => ReportText.ExitCode(outcome);

    /// <summary>The verdict as people read it: GO, SHADOW ONLY, PAUSE_AND_FIX, REJECT.</summary>
    public static string Label(VerdictOutcome outcome) => ReportText.Label(outcome);

    /// <summary>A vote as people read it: GO, NO-GO, HOLD.</summary>
    public static string Label(Vote vote) => ReportText.Label(vote);
}

using Warden.Core.Statistics;

namespace Warden.Core.Recovery;

/// <summary>
/// The Rollback Officer: judges the recovery runs of a window against the policy's targets. Pure:
/// the same input always gives the same assessment; time is <see cref="RollbackOfficerInput.Now"/>.
/// The rules are written in docs/drills.md ("The Rollback Officer's report").
/// </summary>
public static class RollbackOfficer
{
    /// <summary>The report states CI95 in its headers, so its intervals are at 95 % whatever the verdict policy's level.</summary>
    public const double Confidence = 0.95;

    /// <summary>The justification's word limit.</summary>
    public const int JustificationMaxWords = 25;

    /// <summary>Assesses the runs of [<see cref="RollbackOfficerInput.Since"/>, <see cref="RollbackOfficerInput.Now"/>].</summary>
    /// <exception cref="ArgumentException">The window ends before it starts, or a run names an unknown trigger or fault.</exception>
    public static RollbackAssessment Assess(RollbackOfficerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Runs);
        ArgumentNullException.ThrowIfNull(input.Policy);
        if (input.Since > input.Now)
        {
            throw new ArgumentException(
                $"The window starts at {RecoveryText.Time(input.Since)}, after its end {RecoveryText.Time(input.Now)}. Give a --since before now.",
                nameof(input));
        }

        var policy = input.Policy;
        var maxAge = TimeSpan.FromDays(policy.Rollback.DrillMaxAgeDays);
        var runs = input.Runs
            .Where(r => r.StartedAt >= input.Since && r.StartedAt <= input.Now)
            .OrderBy(r => r.StartedAt)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .ToList();
        var paths = runs.Select(r => (Run: r, Path: RecoveryPaths.Of(r))).ToList();

        var guardrails = RecoveryPaths.All
            .Select(path => Guardrail(path, [.. paths.Where(p => p.Path == path).Select(p => p.Run)], input.Now, maxAge, policy))
            .ToList();
        var rto = Median("RTO", policy.Rollback.RtoMaxSeconds, runs, r => r.RtoSeconds);
        var rpo = Median("RPO", policy.Rollback.RpoMaxSeconds, runs, r => r.RpoSeconds);
        var success = SuccessRate(runs);
        var aa = runs.Where(r => r.Kind == RecoveryRunKind.AaDrill).ToList();

        var (verdict, justification, cited) = Decide(runs, guardrails, rto, rpo, success, input, policy.Rollback.DrillMaxAgeDays);
        return new RollbackAssessment
        {
            Now = input.Now,
            Since = input.Since,
            DrillMaxAgeDays = policy.Rollback.DrillMaxAgeDays,
            FalseAlarm = policy.Guard.FalseAlarm,
            Runs = runs,
            Guardrails = guardrails,
            Rto = rto,
            Rpo = rpo,
            SuccessRate = success,
            Incidents = [.. runs.Where(r => r.Kind == RecoveryRunKind.Incident)],
            FalseRollbacks = aa.Count(r => !r.Success),
            AaDrills = aa.Count,
            Verdict = verdict,
            NextAction = RecoveryText.NextAction(verdict),
            Justification = justification,
            CitedRun = cited,
            LatestRun = runs.Count == 0 ? null : runs[^1],
        };
    }

    // Failed beats Untested beats At Risk beats Pass; a path is "tested" by a successful run no
    // older than the drill max age (exactly the max age old still counts).
    private static GuardrailRow Guardrail(RecoveryPath path, List<RecoveryRun> runs, DateTimeOffset now, TimeSpan maxAge, Policy.VerdictPolicy policy)
    {
        var latest = runs.Count == 0 ? null : runs[^1];
        var tested = runs.LastOrDefault(r => r.Success && now - r.StartedAt <= maxAge);
        var failures = runs.Count(r => !r.Success);
        var status = latest is { Success: false } ? GuardrailStatus.Failed
            : tested is null ? GuardrailStatus.Untested
            : failures > 0 ? GuardrailStatus.AtRisk
            : GuardrailStatus.Pass;
        var result = latest switch
        {
            null => "no drill or event in the window",
            { Success: true, RtoSeconds: { } seconds } => $"restored in {RecoveryText.Seconds(seconds)}",
            { Success: true } => "restored (RTO not measured)",
            _ => "not restored",
        };
        if (latest is not null && tested is null && latest.Success)
        {
            result += $", older than {RecoveryText.Number(maxAge.TotalDays)} days";
        }

        return new GuardrailRow
        {
            Path = path,
            Name = RecoveryPaths.Name(path),
            Triggers = RecoveryPaths.Triggers(path),
            Threshold = RecoveryPaths.Threshold(path, policy),
            Latest = latest,
            LatestSuccessWithinAge = tested,
            Runs = runs.Count,
            Failures = failures,
            Result = result,
            Status = status,
        };
    }

    private static RecoveryMetric Median(string name, double target, List<RecoveryRun> runs, Func<RecoveryRun, double?> value)
    {
        var measured = runs.Where(r => value(r) is not null).ToList();
        if (measured.Count == 0)
        {
            return new RecoveryMetric { Name = name, Target = target, Status = MetricStatus.NoData, RunIds = [] };
        }

        var estimate = QuantileInterval.OrderStatistic(new ExactSample(measured.Select(r => value(r)!.Value)), 0.5, Confidence);
        return new RecoveryMetric
        {
            Name = name,
            Target = target,
            Observed = estimate,
            Status = estimate.Value <= target ? MetricStatus.Met : MetricStatus.Missed,
            RunIds = [.. measured.Select(r => r.RunId)],
            LatestEvidence = measured[^1].Evidence,
        };
    }

    private static RecoveryMetric SuccessRate(List<RecoveryRun> runs)
    {
        const string Name = "Recovery Success Rate";
        if (runs.Count == 0)
        {
            return new RecoveryMetric { Name = Name, Target = 1, Status = MetricStatus.NoData, RunIds = [] };
        }

        var successes = runs.Count(r => r.Success);
        return new RecoveryMetric
        {
            Name = Name,
            Target = 1,
            Observed = Proportion.Wilson(successes, runs.Count, Confidence),
            Status = successes < runs.Count ? MetricStatus.AtRisk : MetricStatus.Met,
            RunIds = [.. runs.Select(r => r.RunId)],
            LatestEvidence = runs[^1].Evidence,
        };
    }

    // The rules of docs/drills.md, in order; the first that applies names the reason and the run cited.
    private static (OfficerVerdict Verdict, string Justification, RecoveryRun? Cited) Decide(
        List<RecoveryRun> runs, List<GuardrailRow> guardrails, RecoveryMetric rto, RecoveryMetric rpo, RecoveryMetric success, RollbackOfficerInput input, double maxAgeDays)
    {
        if (runs.Count == 0)
        {
            return (OfficerVerdict.Failed,
                $"No recovery run between {RecoveryText.Time(input.Since)} and {RecoveryText.Time(input.Now)}: nothing in rollback_log.json or recovery_test.json; run id none.",
                null);
        }

        var latest = runs[^1];
        if (guardrails.FirstOrDefault(g => g.Status == GuardrailStatus.Failed) is { Latest: { } failed } failedPath)
        {
            return (OfficerVerdict.Failed, $"{failedPath.Name} path failed: latest run {failed.RunId} at {RecoveryText.Time(failed.StartedAt)} did not restore; evidence {failed.Evidence}.", failed);
        }

        if (rto.Status == MetricStatus.Missed)
        {
            var run = runs.Last(r => r.RtoSeconds is not null);
            return (OfficerVerdict.Failed, $"Median RTO {RecoveryText.Seconds(rto.Observed!.Value)} exceeds the {RecoveryText.Seconds(rto.Target)} target; latest run {run.RunId} at {RecoveryText.Time(run.StartedAt)}, evidence {run.Evidence}.", run);
        }

        var untested = guardrails.Where(g => g.Status == GuardrailStatus.Untested).Select(g => g.Name).ToList();
        if (untested.Count > 0)
        {
            return (OfficerVerdict.Partial, $"{string.Join(", ", untested)} untested within {RecoveryText.Number(maxAgeDays)} days; latest run {latest.RunId} at {RecoveryText.Time(latest.StartedAt)}, evidence {latest.Evidence}.", latest);
        }

        if (success.Status == MetricStatus.AtRisk)
        {
            var run = runs.Last(r => !r.Success);
            var failures = runs.Count(r => !r.Success);
            return (OfficerVerdict.Partial, $"{failures} of {runs.Count} runs failed (At Risk); latest failure {run.RunId} at {RecoveryText.Time(run.StartedAt)}, evidence {run.Evidence}.", run);
        }

        if (rto.Status == MetricStatus.NoData)
        {
            return (OfficerVerdict.Partial, $"No run measured an RTO; latest run {latest.RunId} at {RecoveryText.Time(latest.StartedAt)}, evidence {latest.Evidence}.", latest);
        }

        if (rpo.Status == MetricStatus.NoData)
        {
            return (OfficerVerdict.Partial, $"No run recorded an RPO; latest run {latest.RunId} at {RecoveryText.Time(latest.StartedAt)}, evidence {latest.Evidence}.", latest);
        }

        if (rpo.Status == MetricStatus.Missed)
        {
            var run = runs.Last(r => r.RpoSeconds is not null);
            return (OfficerVerdict.Partial, $"Median RPO {RecoveryText.Seconds(rpo.Observed!.Value)} exceeds the {RecoveryText.Seconds(rpo.Target)} target; latest run {run.RunId} at {RecoveryText.Time(run.StartedAt)}, evidence {run.Evidence}.", run);
        }

        return (OfficerVerdict.Ready,
            $"All four rollback paths passed within {RecoveryText.Number(maxAgeDays)} days, median RTO {RecoveryText.Seconds(rto.Observed!.Value)}; latest run {latest.RunId} at {RecoveryText.Time(latest.StartedAt)}, evidence {latest.Evidence}.",
            latest);
    }
}

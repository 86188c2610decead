using System.Globalization;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Core.Verdicts;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary>How <c>warden rollout status</c> reads as text.</summary>
internal static class RolloutStatusText
{
    /// <summary>Writes <paramref name="view"/>.</summary>
    public static void Write(TextWriter output, RolloutStatusView view)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        var rollout = view.Rollout;
        var state = rollout.State;
        void Line(string text) => output.WriteLine(TerminalText.Visible(text));

        Line($"rollout {rollout.Id} of {state.Service} {state.Candidate}: {RolloutText.Where(state, view.Plan)}{(state.IsFinished ? " (finished)" : string.Empty)}");
        if (state.Paused)
        {
            Line($"  paused:     {state.PauseReason ?? "(no reason recorded)"}");
        }

        Line($"  candidate:  {state.Candidate}{(state.ShadowOnly ? " (verdict SHADOW ONLY: shadow phase only until a human promotes it)" : string.Empty)}");
        Line($"  known-good: {state.KnownGood}");
        Line($"  deployment: {state.DeploymentId}, generation {state.Generation}");
        Line($"  started:    {RolloutJson.Time(rollout.StartedAt)} by {rollout.StartedBy}; this phase since {RolloutJson.Time(state.PhaseStartedAt)}; last change {RolloutJson.Time(rollout.UpdatedAt)}");
        Line($"  plan:       {RolloutStages.Draw(view.Stages)}");
        Line($"  route:      {view.Route} (what the state calls for; 'warden serve' sets it within its interval)");

        foreach (var e in view.Events.Where(e => e.Input == "verdict"))
        {
            output.WriteLine();
            var (verdict, problem) = StoredDetail.Verdict(e.DetailJson);
            Line($"live verdict, {RolloutJson.Time(e.Time)} by {e.Actor}: {verdict?.Outcome ?? "-"} → {RolloutJson.Position(e.PhaseAfter, e.StepAfter, e.PausedAfter)}");
            Line($"  {e.Reason}");
            if (verdict is null)
            {
                Line($"  ({problem})");
                continue;
            }

            Line($"  rule: {verdict.Rule}");
            Line($"  traffic: production {Numbers.Count(verdict.ProductionRequests)} requests, shadow {Numbers.Count(verdict.ShadowRequests)} requests");
            Line($"  report: {verdict.Report ?? "not written (no reports folder)"}");
            Checks(output, verdict.Checks);
        }

        foreach (var e in view.Events.Where(e => e.Input == "analysis"))
        {
            output.WriteLine();
            var (analysis, problem) = StoredDetail.Analysis(e.DetailJson);
            Line($"step {Step(view.Plan, e.StepBefore)} analysis, {RolloutJson.Time(e.Time)} by {e.Actor}: {analysis?.Outcome ?? "-"} → {RolloutJson.Position(e.PhaseAfter, e.StepAfter, e.PausedAfter)}");
            if (analysis is null)
            {
                Line($"  {e.Reason}");
                Line($"  ({problem})");
                continue;
            }

            Analysis(output, analysis);
        }

        foreach (var e in view.Events.Where(e => e.Input == "guard"))
        {
            output.WriteLine();
            Line($"guard, {RolloutJson.Time(e.Time)} by {e.Actor}: → {RolloutJson.Position(e.PhaseAfter, e.StepAfter, e.PausedAfter)}");
            Line($"  {e.Reason}");
            var (source, ids) = GuardProvenance(e.DetailJson);
            Line($"  evidence: {source}{(ids.Count == 0 ? " (this server's in-process counts)" : ": " + string.Join(", ", ids))}");
        }

        if (view.Guard is { Status: "unavailable" } note && !state.IsFinished)
        {
            output.WriteLine();
            Line($"guard: INCONCLUSIVE since {RolloutJson.Time(note.Time)}: the {note.Source} evidence cannot be read ({note.Reason}); no trigger is evaluated and nothing is rolled back until it can");
            if (note.EvidenceIds.Count > 0)
            {
                Line($"  queries: {string.Join(", ", note.EvidenceIds)}");
            }
        }

        if (view.Live is { } live)
        {
            output.WriteLine();
            var elapsed = view.At - state.PhaseStartedAt;
            Line($"step {Step(view.Plan, state.Step)} now, live analysis at {RolloutJson.Time(view.At)} ({RolloutStages.Duration(TimeSpan.FromSeconds(Math.Floor(Math.Max(0, elapsed.TotalSeconds))))} into the step): {Outcome(live.Outcome)}{(state.Paused ? " (paused: the controller acts on it only after 'warden rollout resume')" : string.Empty)}");
            Analysis(output, StepAnalysisJson.Of(live));
        }
    }

    private static void Analysis(TextWriter output, StepAnalysisJson analysis)
    {
        output.WriteLine(TerminalText.Visible($"  {analysis.Reason}"));
        output.WriteLine(TerminalText.Visible(
            $"  window: canary {Numbers.Count(analysis.CanaryRequests)} requests, production {Numbers.Count(analysis.ProductionRequests)} requests; {(analysis.WindowComplete ? "complete" : "not complete")}"));
        if (analysis.Evidence is { Count: > 0 } ids)
        {
            output.WriteLine(TerminalText.Visible($"  evidence: {string.Join(", ", ids)}"));
        }

        Checks(output, analysis.Checks);
    }

    // One line per check: name, status, the observed value with its interval, the target; the
    // reason under a check that did not pass.
    private static void Checks(TextWriter output, IReadOnlyList<CheckJson> checks)
    {
        var width = checks.Count == 0 ? 0 : checks.Max(c => c.Name.Length);
        foreach (var check in checks)
        {
            output.WriteLine(TerminalText.Visible($"    {check.Name.PadRight(width)}  {check.Status,-12}  {Observed(check)}  target {check.Target}"));
            if (check.Status != "PASS")
            {
                output.WriteLine(TerminalText.Visible($"    {string.Empty.PadRight(width)}  {check.Reason}"));
            }
        }
    }

    /// <summary>The source and the measurement ids a guard rollback's stored detail names (<c>evidence_source</c>, <c>evidence</c>).</summary>
    internal static (string Source, IReadOnlyList<string> Ids) GuardProvenance(string? detailJson)
    {
        if (RolloutJson.Detail(detailJson) is not System.Text.Json.Nodes.JsonObject detail)
        {
            return ("gateway", []);
        }

        var source = detail["evidence_source"]?.GetValue<string>() ?? "gateway";
        IReadOnlyList<string> ids = detail["evidence"] is System.Text.Json.Nodes.JsonArray array
            ? [.. array.Select(x => x?.GetValue<string>()).OfType<string>()]
            : [];
        return (source, ids);
    }

    /// <summary><c>42.1 ms, CI95 [40.2, 44.0]</c>; <c>n/a</c> when the check measured nothing.</summary>
    public static string Observed(CheckJson check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Observed is not { } observed || observed.Value is not { } value)
        {
            return "n/a";
        }

        var quantity = Quantity(check.Id);
        var label = "CI" + (observed.Confidence * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var low = observed.CiLow is { } l ? quantity.Number(l) : "-∞";
        var high = observed.CiHigh is { } h ? quantity.Number(h) : "+∞";
        return $"{quantity.Value(value)}, {label} [{low}, {high}]";
    }

    // The unit each check's value is written in, as the verdict report writes it; the compliance
    // uplift's unit depends on the policy's uplift mode, so it is written plain.
    private static ReportQuantity Quantity(string id) => id switch
    {
        CheckIds.P95 => ReportQuantity.Milliseconds,
        CheckIds.P95Drift => ReportQuantity.DeltaMilliseconds,
        CheckIds.ErrorRate => ReportQuantity.ErrorPercent,
        CheckIds.Throughput => ReportQuantity.RequestsPerSecond,
        CheckIds.ScoreCorrelation => ReportQuantity.Score,
        CheckIds.NdcgDelta => ReportQuantity.DeltaScore,
        CheckIds.AblationDrop => ReportQuantity.Percent,
        _ => ReportQuantity.Plain,
    };

    /// <summary><c>2 (5 %)</c>: a step counted from 1 with its share.</summary>
    public static string Step(RolloutPlan plan, int index)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var number = (index + 1).ToString(CultureInfo.InvariantCulture);
        return index >= 0 && index < plan.Steps.Count ? $"{number} ({RolloutPlanJson.Percent(plan.Steps[index].WeightPercent)} %)" : number;
    }

    /// <summary>A step outcome as the history stores it: hold, advance, pause, rollback.</summary>
    public static string Outcome(StepOutcome outcome) => outcome.ToString().ToLowerInvariant();
}

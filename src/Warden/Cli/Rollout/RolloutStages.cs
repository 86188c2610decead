using System.Globalization;
using Warden.Core.Rollouts;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary>
/// A rollout's plan as a row of stages — shadow, each canary step, approval when the plan asks for
/// it, the bake time — each marked from the history: <c>passed</c> (left forward), <c>current</c>,
/// <c>failed</c> (where it rolled back), <c>skipped</c> (jumped over by a promotion) or
/// <c>pending</c>. Drawn as <c>shadow ✓ → 1 % ✓ → [5 %] → 25 % → 50 % → 100 % → bake 30 min</c>.
/// </summary>
internal static class RolloutStages
{
    public const string Passed = "passed";
    public const string Current = "current";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Pending = "pending";

    /// <summary>The stages of <paramref name="rollout"/>'s plan, marked from its state and history.</summary>
    public static IReadOnlyList<Stage> Of(StoredRollout rollout, RolloutPlan plan, IReadOnlyList<RolloutEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(events);
        var names = new List<string> { "shadow" };
        names.AddRange(plan.Steps.Select(s => $"{RolloutPlanJson.Percent(s.WeightPercent)} %"));
        var approve = -1;
        if (plan.RequireApproval)
        {
            approve = names.Count;
            names.Add("approve");
        }

        var bake = names.Count;
        names.Add($"bake {Duration(plan.BakeTime)}");

        int? StageOf(RolloutPhase phase, int step) => phase switch
        {
            RolloutPhase.Shadow => 0,
            RolloutPhase.Canary when step >= 0 && step < plan.Steps.Count => 1 + step,
            RolloutPhase.AwaitingApproval when approve >= 0 => approve,
            RolloutPhase.Baking or RolloutPhase.Promoted => bake,
            _ => null,
        };

        var state = rollout.State;
        var entered = new HashSet<int> { 0 };
        foreach (var e in events)
        {
            if (StageOf(e.PhaseAfter, e.StepAfter) is { } reached)
            {
                entered.Add(reached);
            }
        }

        int reachedUpTo;
        int? current = null;
        int? failed = null;
        switch (state.Phase)
        {
            case RolloutPhase.Promoted:
                reachedUpTo = names.Count;
                break;
            case RolloutPhase.RolledBack:
                var rollback = events.LastOrDefault(e => e.PhaseAfter == RolloutPhase.RolledBack);
                failed = rollback?.PhaseBefore is { } before ? StageOf(before, rollback.StepBefore) : null;
                reachedUpTo = failed ?? 0;
                break;
            default:
                current = StageOf(state.Phase, state.Step);
                reachedUpTo = current ?? 0;
                break;
        }

        return [.. names.Select((name, i) => new Stage(
            name,
            i == current ? Current
            : i == failed ? Failed
            : i < reachedUpTo ? (entered.Contains(i) ? Passed : Skipped)
            : Pending))];
    }

    /// <summary>The stages on one line: <c>shadow ✓ → 1 % ✓ → [5 %] → 25 % → bake 30 min</c>; ✗ where it rolled back.</summary>
    public static string Draw(IReadOnlyList<Stage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        return string.Join(" → ", stages.Select(s => s.Mark switch
        {
            Passed => $"{s.Name} ✓",
            Current => $"[{s.Name}]",
            Failed => $"{s.Name} ✗",
            Skipped => $"{s.Name} (skipped)",
            _ => s.Name,
        }));
    }

    /// <summary>A duration as a plan states it: whole minutes as <c>30 min</c>, otherwise seconds (<c>90 s</c>).</summary>
    public static string Duration(TimeSpan span) => span.TotalMinutes >= 1 && span.TotalSeconds % 60 == 0
        ? $"{span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min"
        : $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    /// <summary>One stage and its mark (one of the constants above).</summary>
    public sealed record Stage(string Name, string Mark);
}

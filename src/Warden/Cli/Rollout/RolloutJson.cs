using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warden.Cli.Registry;
using Warden.Core.Rollouts;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary>The <c>--json</c> shapes the rollout commands share (snake_case; steps counted from 1, as the text counts them).</summary>
internal static class RolloutJson
{
    /// <summary>UTC to the second: <c>2026-11-22T10:15:00Z</c>.</summary>
    public static string Time(DateTimeOffset time) => CliText.Time(time);

    /// <summary>A position as the history shows it: <c>shadow</c>, <c>canary step 2</c>, <c>canary step 2 (paused)</c>, <c>rolled_back</c>.</summary>
    public static string Position(RolloutPhase phase, int step, bool paused) =>
        RolloutTransitions.Name(phase)
        + (phase == RolloutPhase.Canary ? $" step {(step + 1).ToString(CultureInfo.InvariantCulture)}" : string.Empty)
        + (paused ? " (paused)" : string.Empty);

    /// <summary>The stored detail of a history row as JSON, or its raw text when it is not JSON (a row edited by hand).</summary>
    public static JsonNode? Detail(string? detailJson)
    {
        if (detailJson is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(detailJson);
        }
        catch (JsonException)
        {
            return JsonValue.Create(detailJson);
        }
    }

    /// <summary>One rollout: who, what, where.</summary>
    public sealed record SummaryJson(
        long Id,
        string Service,
        string Candidate,
        string KnownGood,
        string DeploymentId,
        string Phase,
        int? Step,
        decimal? WeightPercent,
        bool Paused,
        string? PauseReason,
        bool ShadowOnly,
        bool Finished,
        string Where,
        long Generation,
        string StartedBy,
        string StartedAt,
        string PhaseStartedAt,
        string UpdatedAt)
    {
        /// <summary>The JSON shape of <paramref name="rollout"/>.</summary>
        public static SummaryJson Of(StoredRollout rollout)
        {
            ArgumentNullException.ThrowIfNull(rollout);
            var state = rollout.State;
            var plan = RolloutPlanJson.Read(rollout.PlanJson);
            var inCanary = state.Phase == RolloutPhase.Canary && state.Step >= 0 && state.Step < plan.Steps.Count;
            return new SummaryJson(
                rollout.Id,
                state.Service,
                state.Candidate,
                state.KnownGood,
                state.DeploymentId,
                RolloutTransitions.Name(state.Phase),
                inCanary ? state.Step + 1 : null,
                inCanary ? plan.Steps[state.Step].WeightPercent : null,
                state.Paused,
                state.PauseReason,
                state.ShadowOnly,
                state.IsFinished,
                RolloutText.Where(state, plan),
                state.Generation,
                rollout.StartedBy,
                Time(rollout.StartedAt),
                Time(state.PhaseStartedAt),
                Time(rollout.UpdatedAt));
        }
    }

    /// <summary>One applied transition of the history.</summary>
    public sealed record EventJson(long Generation, string Time, string Actor, string Input, string? From, string To, string Reason, JsonNode? Detail)
    {
        /// <summary>The JSON shape of <paramref name="record"/>; <paramref name="pausedBefore"/> is the previous row's paused flag.</summary>
        public static EventJson Of(RolloutEventRecord record, bool pausedBefore)
        {
            ArgumentNullException.ThrowIfNull(record);
            return new EventJson(
                record.Generation,
                RolloutJson.Time(record.Time),
                record.Actor,
                record.Input,
                record.PhaseBefore is { } before ? Position(before, record.StepBefore, pausedBefore) : null,
                Position(record.PhaseAfter, record.StepAfter, record.PausedAfter),
                record.Reason,
                RolloutJson.Detail(record.DetailJson));
        }

        /// <summary>The history as JSON rows, oldest first.</summary>
        public static IReadOnlyList<EventJson> All(IReadOnlyList<RolloutEventRecord> events)
        {
            ArgumentNullException.ThrowIfNull(events);
            return [.. events.Select((e, i) => Of(e, i > 0 && events[i - 1].PausedAfter))];
        }
    }

    /// <summary>A route: production, canary and its share, shadow.</summary>
    public sealed record RouteJson(string Production, string? Canary, decimal CanaryWeightPercent, string? Shadow)
    {
        /// <summary>The JSON shape of <paramref name="route"/>.</summary>
        public static RouteJson Of(TrafficRoute route)
        {
            ArgumentNullException.ThrowIfNull(route);
            return new RouteJson(route.Production, route.Canary, route.CanaryWeightPercent, route.Shadow);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Warden.Core.Reports;
using Warden.Core.Statistics;

namespace Warden.Core.Drills;

/// <summary>
/// <c>recovery_test.json</c>: one drill's runs and what they add up to (RTO distribution, success
/// rate with its Wilson CI95, false rollbacks beside the guard's designed level). Percentiles are
/// numpy's linear definition, as everywhere in Warden.
/// </summary>
public static class DrillReport
{
    /// <summary>The file's name.</summary>
    public const string File = "recovery_test.json";

    /// <summary>What a drill adds up to.</summary>
    public sealed record Summary
    {
        /// <summary>Runs made.</summary>
        public required int Runs { get; init; }

        /// <summary>Runs that succeeded (<see cref="DrillRun.Success"/>).</summary>
        public required int Successes { get; init; }

        /// <summary>Successes / runs, with its Wilson CI95; null with no runs.</summary>
        public Estimate? SuccessRate { get; init; }

        /// <summary>Runs the guard rolled back (in an A/A drill, the false rollbacks).</summary>
        public required int RolledBack { get; init; }

        /// <summary>Median RTO over the runs that measured one, in seconds.</summary>
        public double? RtoMedianSeconds { get; init; }

        /// <summary>90th percentile RTO, in seconds.</summary>
        public double? RtoP90Seconds { get; init; }

        /// <summary>Largest RTO, in seconds.</summary>
        public double? RtoMaxSeconds { get; init; }

        /// <summary>Requests failed outside the faulty build, over every run (a good rollback path fails none).</summary>
        public required long FailedDuringSwitch { get; init; }
    }

    /// <summary>Adds up <paramref name="runs"/>.</summary>
    public static Summary Summarize(IReadOnlyList<DrillRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rtos = runs.Where(r => r.RtoSeconds is not null).Select(r => r.RtoSeconds!.Value).ToList();
        var successes = runs.Count(r => r.Success);
        var sample = rtos.Count > 0 ? new ExactSample(rtos) : null;
        return new Summary
        {
            Runs = runs.Count,
            Successes = successes,
            SuccessRate = runs.Count > 0 ? Proportion.Wilson(successes, runs.Count) : null,
            RolledBack = runs.Count(r => r.RolledBack),
            RtoMedianSeconds = sample is null ? null : Quantile.Of(sample, 0.5),
            RtoP90Seconds = sample is null ? null : Quantile.Of(sample, 0.9),
            RtoMaxSeconds = sample is null ? null : rtos.Max(),
            FailedDuringSwitch = runs.Sum(r => r.FailedDuringSwitch),
        };
    }

    /// <summary>A drill as <c>recovery_test.json</c> holds it.</summary>
    public sealed record Drill
    {
        /// <summary>The drill's id.</summary>
        public required string DrillId { get; init; }

        /// <summary>The service drilled.</summary>
        public required string Service { get; init; }

        /// <summary>The route the runs moved.</summary>
        public required string Route { get; init; }

        /// <summary>True with <c>--on-live</c>.</summary>
        public bool OnLive { get; init; }

        /// <summary>The fault, or null for an A/A drill.</summary>
        public string? Fault { get; init; }

        /// <summary>When the drill started.</summary>
        public required DateTimeOffset StartedAt { get; init; }

        /// <summary>When the drill ended.</summary>
        public required DateTimeOffset FinishedAt { get; init; }

        /// <summary>Requests per second the drill sent.</summary>
        public required double LoadRate { get; init; }

        /// <summary>The faulty build's canary weight, in percent.</summary>
        public required decimal WeightPercent { get; init; }

        /// <summary>The guard's designed false-alarm level per rollout phase (<c>policy.guard.false_alarm</c>).</summary>
        public required double DesignedFalseAlarm { get; init; }

        /// <summary>The RTO objective (<c>policy.rollback.rto_max_s</c>).</summary>
        public required double RtoObjectiveSeconds { get; init; }

        /// <summary>The RPO objective (<c>policy.rollback.rpo_max_s</c>).</summary>
        public required double RpoObjectiveSeconds { get; init; }

        /// <summary>The runs, in order.</summary>
        public required IReadOnlyList<DrillRun> Runs { get; init; }
    }

    /// <summary><c>recovery_test.json</c>: snake_case, times in UTC ISO 8601.</summary>
    public static string Json(Drill drill)
    {
        ArgumentNullException.ThrowIfNull(drill);
        var summary = Summarize(drill.Runs);
        var node = new JsonObject
        {
            ["drill_id"] = drill.DrillId,
            ["service"] = drill.Service,
            ["route"] = drill.Route,
            ["on_live"] = drill.OnLive,
            ["kind"] = drill.Fault is null ? "aa" : "fault",
            ["fault"] = drill.Fault,
            ["started_at"] = drill.StartedAt,
            ["finished_at"] = drill.FinishedAt,
            ["load_rate"] = drill.LoadRate,
            ["weight_percent"] = drill.WeightPercent,
            ["designed_false_alarm"] = drill.DesignedFalseAlarm,
            ["objectives"] = new JsonObject { ["rto_seconds"] = drill.RtoObjectiveSeconds, ["rpo_seconds"] = drill.RpoObjectiveSeconds },
            ["summary"] = JsonSerializer.SerializeToNode(summary, JsonOutput.Options),
            ["runs"] = new JsonArray([.. drill.Runs.Select(Node)]),
        };
        return node.ToJsonString(JsonOutput.Options);
    }

    /// <summary>One run as JSON (an entry of <c>runs</c>, and the payload of its <c>drill</c> audit event).</summary>
    public static JsonNode Node(DrillRun run) => JsonSerializer.SerializeToNode(run, JsonOutput.Options)!;

    /// <summary>A run read back from its JSON (a <c>drill</c> event's payload); null when it is not one.</summary>
    public static DrillRun? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DrillRun>(json, JsonOutput.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>
/// A rollout plan as the store keeps it beside the rollout (<see cref="StoredRollout.PlanJson"/>)
/// and <c>status --json</c> shows it: the keys of warden.yaml's <c>rollout:</c> section, durations
/// in seconds, so a reader needs no .NET to read it. A running rollout keeps the plan it started
/// with: an edit of warden.yaml applies to the next rollout.
/// </summary>
internal static class RolloutPlanJson
{
    /// <summary>The plan as a JSON object.</summary>
    public static JsonObject Node(RolloutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new JsonObject
        {
            ["shadow"] = Window(plan.Shadow, withWeight: false),
            ["steps"] = new JsonArray([.. plan.Steps.Select(s => (JsonNode)Window(s, withWeight: true))]),
            ["on_inconclusive"] = plan.OnInconclusive == InconclusiveAction.Rollback ? "rollback" : "pause",
            ["require_approval"] = plan.RequireApproval,
            ["bake_seconds"] = plan.BakeTime.TotalSeconds,
            ["evidence"] = plan.EvidencePath,
        };
    }

    /// <summary>The plan as compact JSON text.</summary>
    public static string Write(RolloutPlan plan) => Node(plan).ToJsonString();

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">The text is not a plan this version wrote.</exception>
    public static RolloutPlan Read(string json)
    {
        try
        {
            var root = JsonNode.Parse(json)!.AsObject();
            return new RolloutPlan
            {
                Shadow = Step(root["shadow"]!.AsObject(), weight: 0),
                Steps = [.. root["steps"]!.AsArray().Select(s => Step(s!.AsObject(), s!["weight"]!.GetValue<decimal>()))],
                OnInconclusive = root["on_inconclusive"]!.GetValue<string>() == "rollback" ? InconclusiveAction.Rollback : InconclusiveAction.Pause,
                RequireApproval = root["require_approval"]!.GetValue<bool>(),
                BakeTime = TimeSpan.FromSeconds(root["bake_seconds"]!.GetValue<double>()),
                EvidencePath = root["evidence"]?.GetValue<string>(),
            };
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new FormatException($"not a stored rollout plan: {ex.Message}", ex);
        }
    }

    private static JsonObject Window(CanaryStep step, bool withWeight)
    {
        var node = new JsonObject();
        if (withWeight)
        {
            node["weight"] = step.WeightPercent;
        }

        node["min_requests"] = step.MinRequests;
        node["min_seconds"] = step.MinDuration.TotalSeconds;
        node["max_seconds"] = step.MaxDuration.TotalSeconds;
        return node;
    }

    private static CanaryStep Step(JsonObject node, decimal weight) => new()
    {
        WeightPercent = weight,
        MinRequests = node["min_requests"]!.GetValue<long>(),
        MinDuration = TimeSpan.FromSeconds(node["min_seconds"]!.GetValue<double>()),
        MaxDuration = TimeSpan.FromSeconds(node["max_seconds"]!.GetValue<double>()),
    };

    /// <summary>A weight as people read it: 5, 12.5.</summary>
    public static string Percent(decimal weight) => weight.ToString("0.##", CultureInfo.InvariantCulture);
}

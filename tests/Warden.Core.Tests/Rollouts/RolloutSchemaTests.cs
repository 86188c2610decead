using System.Globalization;
using System.Text.Json;
using Warden.Core.Configuration;
using Warden.Core.Rollouts;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Rollouts;

/// <summary>
/// docs/warden.schema.json's <c>rollout</c> section against the loader: the definitions the key
/// comparison cannot reach (a mapping step inside a list, a service's plan under a chosen name),
/// the defaults, and every numeric bound exactly at its edge.
/// </summary>
public sealed class RolloutSchemaTests
{
    // Schema node (a JSON pointer), a rollout: body with {0} for the value, and the field the loader reports.
    private static readonly (string Pointer, string Yaml, string Field)[] NumericLeaves =
    [
        ("/properties/rollout/properties/controller/properties/interval_ms", "controller: {{ interval_ms: {0} }}", "rollout.controller.interval_ms"),
        ("/properties/rollout/properties/controller/properties/lease_ms", "controller: {{ interval_ms: 100, lease_ms: {0} }}", "rollout.controller.lease_ms"),
        ("/$defs/rolloutShadow/properties/min_requests", "plan: {{ shadow: {{ min_requests: {0} }} }}", "rollout.plan.shadow.min_requests"),
        ("/$defs/rolloutShadow/properties/min_seconds", "plan: {{ shadow: {{ min_seconds: {0}, max_seconds: 2592000 }} }}", "rollout.plan.shadow.min_seconds"),
        ("/$defs/rolloutShadow/properties/max_seconds", "plan: {{ shadow: {{ min_seconds: 0, max_seconds: {0} }} }}", "rollout.plan.shadow.max_seconds"),
        ("/$defs/rolloutStepWindow/properties/min_requests", "plan: {{ step: {{ min_requests: {0} }} }}", "rollout.plan.step.min_requests"),
        ("/$defs/rolloutStepWindow/properties/min_seconds", "plan: {{ step: {{ min_seconds: {0}, max_seconds: 2592000 }} }}", "rollout.plan.step.min_seconds"),
        ("/$defs/rolloutStepWindow/properties/max_seconds", "plan: {{ step: {{ min_seconds: 0, max_seconds: {0} }} }}", "rollout.plan.step.max_seconds"),
        ("/$defs/rolloutPlan/properties/bake_minutes", "plan: {{ bake_minutes: {0} }}", "rollout.plan.bake_minutes"),
        ("/$defs/rolloutWeight", "plan: {{ steps: [{0}] }}", "rollout.plan.steps[0]"),
        ("/$defs/rolloutStep/properties/min_requests", "plan: {{ steps: [{{ weight: 5, min_requests: {0} }}] }}", "rollout.plan.steps[0].min_requests"),
        ("/$defs/rolloutStep/properties/min_seconds", "plan: {{ steps: [{{ weight: 5, min_seconds: {0}, max_seconds: 2592000 }}] }}", "rollout.plan.steps[0].min_seconds"),
        ("/$defs/rolloutStep/properties/max_seconds", "plan: {{ steps: [{{ weight: 5, min_seconds: 0, max_seconds: {0} }}] }}", "rollout.plan.steps[0].max_seconds"),
    ];

    private static readonly (string Keyword, bool Lower, bool Inclusive)[] Bounds =
    [
        ("minimum", true, true),
        ("exclusiveMinimum", true, false),
        ("maximum", false, true),
        ("exclusiveMaximum", false, false),
    ];

    [Fact]
    public void Schema_StepAndServiceDefinitions_MatchLoaderShapes()
    {
        using var schema = LoadSchema();
        var root = schema.RootElement;

        Assert.Equal(RolloutConfigLoader.StepKeys, Names(At(root, "/$defs/rolloutStep")));
        Assert.Equal(RolloutConfigLoader.PlanKeys, Names(At(root, "/$defs/rolloutPlan")));
        var service = At(root, "/properties/rollout/properties/services/additionalProperties/oneOf/1");
        Assert.Equal("#/$defs/rolloutPlan", service.GetProperty("$ref").GetString());
        Assert.Equal("#/$defs/rolloutPlan", At(root, "/properties/rollout/properties/plan").GetProperty("$ref").GetString());
    }

    [Fact]
    public void Schema_Defaults_MatchTheLoadersDefaults()
    {
        using var schema = LoadSchema();
        var root = schema.RootElement;
        var options = Load("plan: {}").Get<RolloutOptions>(RolloutConfigLoader.Section);
        var plan = options.Defaults;

        Assert.Equal(options.Interval.TotalMilliseconds, Default(root, "/properties/rollout/properties/controller/properties/interval_ms").GetDouble());
        Assert.Equal(options.LeaseDuration.TotalMilliseconds, Default(root, "/properties/rollout/properties/controller/properties/lease_ms").GetDouble());
        AssertWindow(root, "/$defs/rolloutShadow", plan.Shadow);
        Assert.All(plan.Steps, s => AssertWindow(root, "/$defs/rolloutStepWindow", s));
        Assert.Equal(plan.Steps.Select(s => s.WeightPercent), Default(root, "/$defs/rolloutPlan/properties/steps").EnumerateArray().Select(e => e.GetDecimal()));
        Assert.Equal("pause", Default(root, "/$defs/rolloutPlan/properties/on_inconclusive").GetString());
        Assert.Equal(plan.RequireApproval, Default(root, "/$defs/rolloutPlan/properties/require_approval").GetBoolean());
        Assert.Equal(plan.BakeTime.TotalMinutes, Default(root, "/$defs/rolloutPlan/properties/bake_minutes").GetDouble());
    }

    [Fact]
    public void Schema_NumericBounds_AreTheLoadersBounds()
    {
        // At each bound the schema states, the loader accepts the edge value when the bound is
        // inclusive and refuses it when exclusive, and refuses the nearest value outside. Only
        // the key's own range counts: the lease rule (at least 3 × interval_ms) and min_seconds ≤
        // max_seconds are rules between two keys, which the schema cannot state.
        using var schema = LoadSchema();
        var checkedBounds = 0;
        foreach (var (pointer, yaml, field) in NumericLeaves)
        {
            var node = At(schema.RootElement, pointer);
            var whole = node.GetProperty("type").GetString() == "integer";
            foreach (var (keyword, lower, inclusive) in Bounds)
            {
                if (!node.TryGetProperty(keyword, out var bound))
                {
                    continue;
                }

                var edge = bound.GetDouble();
                var outside = whole ? (lower ? edge - 1 : edge + 1) : (lower ? edge - 1e-9 : edge + 1e-9);
                Assert.True(inclusive != Refused(yaml, field, edge), $"{pointer}: {keyword} {Text(edge)}");
                Assert.True(Refused(yaml, field, outside), $"{pointer}: {Text(outside)} beyond {keyword}");
                checkedBounds++;
            }
        }

        // Counted by hand: 2 each for interval_ms, lease_ms, the six min/max_seconds of the
        // shadow, step and mapping step windows, bake_minutes and the weight (20); 1 each for the
        // three min_requests (3).
        Assert.Equal(23, checkedBounds);
    }

    private static void AssertWindow(JsonElement root, string pointer, CanaryStep step)
    {
        Assert.Equal(step.MinRequests, Default(root, $"{pointer}/properties/min_requests").GetInt64());
        Assert.Equal(step.MinDuration.TotalSeconds, Default(root, $"{pointer}/properties/min_seconds").GetDouble());
        Assert.Equal(step.MaxDuration.TotalSeconds, Default(root, $"{pointer}/properties/max_seconds").GetDouble());
    }

    private static bool Refused(string yaml, string field, double value)
    {
        var file = Load(string.Format(CultureInfo.InvariantCulture, yaml, Text(value)));
        return file.Errors.Any(e => e.Field == field && (e.Problem.EndsWith("is out of range", StringComparison.Ordinal) || e.Problem.StartsWith("canary step weight", StringComparison.Ordinal)));
    }

    private static ConfigFile Load(string body) =>
        ConfigFileLoader.Load(new StringReader($"rollout:\n  {body}\n"), new ConfigContext("warden.yaml", null), [RolloutConfigLoader.Section]);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static JsonElement Default(JsonElement root, string pointer)
    {
        var node = At(root, pointer);
        Assert.True(node.TryGetProperty("description", out _), $"{pointer} has no description");
        return node.TryGetProperty("default", out var value) ? value : throw new InvalidOperationException($"{pointer} has no default");
    }

    private static string[] Names(JsonElement node) => [.. node.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    private static JsonElement At(JsonElement root, string pointer)
    {
        var node = root;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.ValueKind == JsonValueKind.Array ? node[int.Parse(part, CultureInfo.InvariantCulture)] : node.GetProperty(part);
        }

        return node;
    }

    private static JsonDocument LoadSchema() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "warden.schema.json")));
}

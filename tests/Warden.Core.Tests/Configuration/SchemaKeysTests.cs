using System.Globalization;
using System.Text.Json;
using Warden.Core.Bundle;
using Warden.Core.Cycle;
using Warden.Core.Drills;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Tests.Policy;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Configuration;

/// <summary>
/// Keeps docs/warden.schema.json and docs/evidence.schema.json in step with the loaders: the
/// same keys at the same paths, the policy defaults of <see cref="VerdictPolicy"/>, and numeric
/// bounds the loader enforces exactly at the schema's edges.
/// </summary>
public sealed class SchemaKeysTests
{
    [Theory]
    [InlineData("warden.schema.json")]
    [InlineData("evidence.schema.json")]
    public void Schema_PropertyNames_MatchLoaderKnownKeys(string file)
    {
        // Here the sections of warden.yaml that Core reads (policy, rollout, drill, cycle, evidence); the others belong to
        // other assemblies, and the whole file is compared with every registered section in
        // Warden.Tests (Configuration/WardenConfigSectionsTests).
        IReadOnlyDictionary<string, IReadOnlyList<string>> known = file == "warden.schema.json"
            ? PolicyLoader.KnownKeys.Concat(RolloutConfigLoader.KnownKeys).Concat(DrillConfigLoader.KnownKeys).Concat(CycleConfigLoader.KnownKeys).Concat(EvidenceConfigLoader.KnownKeys).ToDictionary()
            : BundleLoader.KnownKeys;
        using var schema = LoadSchema(file);
        var found = SchemaKeys.Collect(schema.RootElement)
            .Where(k => file != "warden.schema.json" || CoreSections.Any(s => k.Key == s || k.Key.StartsWith(s + ".", StringComparison.Ordinal)))
            .ToDictionary();

        Assert.Equal(
            known.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} = {string.Join(",", k.Value.Order(StringComparer.Ordinal))}"),
            found.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} = {string.Join(",", k.Value.Order(StringComparer.Ordinal))}"));
    }

    [Fact]
    public void WardenSchema_Defaults_MatchVerdictPolicy()
    {
        using var schema = LoadSchema("warden.schema.json");
        var defaults = new VerdictPolicy();

        foreach (var (path, (_, _, get)) in PolicyKeyTable.Overrides)
        {
            var node = Leaf(schema.RootElement, path);
            Assert.True(node.TryGetProperty("default", out var d), $"{path} has no default");
            Assert.True(node.TryGetProperty("description", out _), $"{path} has no description");
            var code = get(defaults);
            switch (code)
            {
                case UpliftMode mode:
                    Assert.Equal(mode.ToString().ToLowerInvariant(), d.GetString());
                    break;
                case string text:
                    Assert.Equal(text, d.GetString());
                    break;
                case bool flag:
                    Assert.Equal(flag, d.GetBoolean());
                    break;
                default:
                    Assert.Equal(Convert.ToDouble(code, CultureInfo.InvariantCulture), d.GetDouble());
                    break;
            }
        }
    }

    [Fact]
    public void WardenSchema_NumericBounds_AreTheLoadersBounds()
    {
        // At each bound the schema states, the loader must accept the edge value when the bound
        // is inclusive and reject it when exclusive, and reject the nearest value outside.
        using var schema = LoadSchema("warden.schema.json");
        var checkedBounds = 0;
        foreach (var path in PolicyKeyTable.Overrides.Keys)
        {
            var node = Leaf(schema.RootElement, path);
            var whole = node.GetProperty("type").GetString() == "integer";
            foreach (var (keyword, lower, inclusive) in Bounds)
            {
                if (!node.TryGetProperty(keyword, out var bound))
                {
                    continue;
                }

                var edge = bound.GetDouble();
                var outside = whole ? (lower ? edge - 1 : edge + 1) : (lower ? edge - 1e-9 : edge + 1e-9);
                Assert.True(inclusive == Accepts(path, edge), $"{path}: {keyword} {Text(edge)}");
                Assert.False(Accepts(path, outside), $"{path}: {Text(outside)} beyond {keyword}");
                checkedBounds++;
            }
        }

        // Bounds in docs/warden.schema.json, counted by hand: 2 each for confidence, resamples,
        // seed, queries, score_pairs, compliance.k, ndcg.k, error_rate.limit, ablation_drop_min,
        // correlation_max, quorum, guard's compliance_drop_points, false_alarm, interval_ms (28);
        // 1 each for requests, uplift, p95_target_ms, p95_drift_limit_ms, target_rps, the six
        // rollback limits, guard.latency_margin_ms and verdict_max_age_days (13).
        // The uplift ceiling depends on uplift_mode (if/then/else) and is tested in PolicyLoaderTests.
        Assert.Equal(41, checkedBounds);
    }

    [Fact]
    public void Schemas_EveryObjectForbidsAdditionalProperties()
    {
        foreach (var file in (string[])["warden.schema.json", "evidence.schema.json"])
        {
            using var schema = LoadSchema(file);
            AssertClosed(schema.RootElement, file);
        }
    }

    // The sections of warden.yaml whose loaders live in Core.
    private static readonly string[] CoreSections = ["policy", "rollout", "drill", "cycle", "evidence"];

    private static readonly (string Keyword, bool Lower, bool Inclusive)[] Bounds =
    [
        ("minimum", true, true),
        ("exclusiveMinimum", true, false),
        ("maximum", false, true),
        ("exclusiveMaximum", false, false),
    ];

    private static bool Accepts(string path, double value) =>
        PolicyLoader.Load(new StringReader(PolicyKeyTable.Nest(path, Text(value))), "warden.yaml").Errors.Count == 0;

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void AssertClosed(JsonElement node, string where)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("properties", out _) && !IsIfThenElsePart(where))
            {
                Assert.True(
                    node.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False,
                    $"{where} allows additional properties");
            }

            foreach (var child in node.EnumerateObject())
            {
                AssertClosed(child.Value, $"{where}/{child.Name}");
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var child in node.EnumerateArray())
            {
                AssertClosed(child, $"{where}/{i++}");
            }
        }
    }

    // if/then/else only tighten bounds of properties declared beside them; they list a subset.
    private static bool IsIfThenElsePart(string where) =>
        where.EndsWith("/if", StringComparison.Ordinal) || where.EndsWith("/then", StringComparison.Ordinal) || where.EndsWith("/else", StringComparison.Ordinal);

    private static JsonElement Leaf(JsonElement root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            node = node.GetProperty("properties").GetProperty(part);
        }

        return node;
    }

    private static JsonDocument LoadSchema(string file)
    {
        // The schemas live in docs/ at the repository root; walk up from the test binaries.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", file);
            if (File.Exists(candidate))
            {
                return JsonDocument.Parse(File.ReadAllText(candidate));
            }
        }

        throw new FileNotFoundException($"docs/{file} not found above {AppContext.BaseDirectory}");
    }
}

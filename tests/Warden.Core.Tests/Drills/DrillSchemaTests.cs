using System.Globalization;
using System.Text.Json;
using Warden.Core.Configuration;
using Warden.Core.Drills;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Drills;

/// <summary>
/// docs/warden.schema.json's <c>drill</c> section against the loader: the definitions the key
/// comparison cannot reach (a service's entry under a chosen name, its request), the required
/// keys, the defaults, and every numeric bound exactly at its edge.
/// </summary>
public sealed class DrillSchemaTests
{
    // Schema node (a JSON pointer) and the drill: key it describes.
    private static readonly (string Pointer, string Key)[] NumericLeaves =
    [
        ("/properties/drill/properties/load_rate", "load_rate"),
        ("/properties/drill/properties/weight", "weight"),
        ("/properties/drill/properties/timeout_s", "timeout_s"),
        ("/properties/drill/properties/ready_timeout_s", "ready_timeout_s"),
    ];

    private static readonly (string Keyword, bool Lower, bool Inclusive)[] Bounds =
    [
        ("minimum", true, true),
        ("exclusiveMinimum", true, false),
        ("maximum", false, true),
        ("exclusiveMaximum", false, false),
    ];

    [Fact]
    public void Schema_ServiceAndRequestDefinitions_MatchLoaderShapes()
    {
        using var schema = LoadSchema();
        var root = schema.RootElement;

        Assert.Equal(DrillConfigLoader.KnownKeys["drill"], Names(At(root, "/properties/drill")));
        Assert.Equal(DrillConfigLoader.ServiceKeys, Names(At(root, "/$defs/drillService")));
        Assert.Equal(DrillConfigLoader.RequestKeys, Names(At(root, "/$defs/drillRequest")));
        Assert.Equal("#/$defs/drillService", At(root, "/properties/drill/properties/services/additionalProperties").GetProperty("$ref").GetString());
        Assert.Equal("#/$defs/drillRequest", At(root, "/$defs/drillService/properties/request").GetProperty("$ref").GetString());
    }

    [Fact]
    public void Schema_RequiredKeys_AreTheKeysTheLoaderReportsMissing()
    {
        using var schema = LoadSchema();
        var root = schema.RootElement;

        // An empty entry misses every required key of the service; its absent request hides body.
        var service = Load("services: { ranker: {} }").Errors;
        Assert.All(service, e => Assert.StartsWith("missing required key", e.Problem, StringComparison.Ordinal));
        Assert.Equal(Required(root, "/$defs/drillService").Select(k => $"drill.services.ranker.{k}"), service.Select(e => e.Field));

        var request = Load("services: { ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: {} } }").Errors;
        Assert.All(request, e => Assert.StartsWith("missing required key", e.Problem, StringComparison.Ordinal));
        Assert.Equal(Required(root, "/$defs/drillRequest").Select(k => $"drill.services.ranker.request.{k}"), request.Select(e => e.Field));
    }

    [Fact]
    public void Schema_Defaults_MatchDrillOptions()
    {
        using var schema = LoadSchema();
        var root = schema.RootElement;
        var defaults = new DrillOptions();

        Assert.Equal(defaults.LoadRate, Default(root, "/properties/drill/properties/load_rate").GetDouble());
        Assert.Equal(defaults.WeightPercent, Default(root, "/properties/drill/properties/weight").GetDecimal());
        Assert.Equal(defaults.Timeout.TotalSeconds, Default(root, "/properties/drill/properties/timeout_s").GetDouble());
        Assert.Equal(defaults.ReadyTimeout.TotalSeconds, Default(root, "/properties/drill/properties/ready_timeout_s").GetDouble());
    }

    [Fact]
    public void Schema_NumericBounds_AreTheLoadersBounds()
    {
        // At each bound the schema states, the loader accepts the edge value when the bound is
        // inclusive and refuses it when exclusive, and refuses the nearest value outside.
        using var schema = LoadSchema();
        var checkedBounds = 0;
        foreach (var (pointer, key) in NumericLeaves)
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
                Assert.True(inclusive != Refused(key, edge), $"{pointer}: {keyword} {Text(edge)}");
                Assert.True(Refused(key, outside), $"{pointer}: {Text(outside)} beyond {keyword}");
                checkedBounds++;
            }
        }

        // Counted by hand: a minimum and a maximum for each of the four keys.
        Assert.Equal(8, checkedBounds);
    }

    private static bool Refused(string key, double value) =>
        Load($"{key}: {Text(value)}").Errors.Any(e => e.Field == $"drill.{key}" && e.Problem.EndsWith("is out of range", StringComparison.Ordinal));

    private static ConfigFile Load(string body) =>
        ConfigFileLoader.Load(new StringReader($"drill:\n  {body}\n"), new ConfigContext("warden.yaml", null), [DrillConfigLoader.Section]);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static JsonElement Default(JsonElement root, string pointer)
    {
        var node = At(root, pointer);
        Assert.True(node.TryGetProperty("description", out _), $"{pointer} has no description");
        return node.TryGetProperty("default", out var value) ? value : throw new InvalidOperationException($"{pointer} has no default");
    }

    private static string[] Names(JsonElement node) => [.. node.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    private static string[] Required(JsonElement root, string pointer) => [.. At(root, pointer).GetProperty("required").EnumerateArray().Select(e => e.GetString()!)];

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

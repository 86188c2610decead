using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Cycle;

/// <summary>
/// docs/warden.schema.json's <c>cycle</c> section against the loader: the service entry the key
/// comparison cannot reach (it sits under a chosen name), the defaults, and the duration pattern
/// against the parser.
/// </summary>
public sealed class CycleSchemaTests
{
    [Fact]
    public void Schema_ServiceDefinition_MatchesLoaderShape()
    {
        using var schema = LoadSchema();
        var root = schema.RootElement;

        Assert.Equal(CycleConfigLoader.KnownKeys["cycle"], Names(At(root, "/properties/cycle")));
        Assert.Equal(CycleConfigLoader.ServiceKeys, Names(At(root, "/$defs/cycleService")));
        Assert.Equal("#/$defs/cycleService", At(root, "/properties/cycle/properties/services/additionalProperties").GetProperty("$ref").GetString());
    }

    [Fact]
    public void Schema_Defaults_MatchCycleOptions()
    {
        using var schema = LoadSchema();
        var root = schema.RootElement;
        var defaults = new CycleOptions();
        var service = CycleServiceOptions.Default;

        Assert.True(ConfigDuration.TryParse(Default(root, "/properties/cycle/properties/interval").GetString()!, out var interval));
        Assert.Equal(defaults.Interval, interval);
        Assert.Equal(defaults.OnStart, Default(root, "/properties/cycle/properties/on_start").GetBoolean());
        Assert.Equal(service.AutoRollout, Default(root, "/$defs/cycleService/properties/auto_rollout").GetBoolean());
        Assert.Equal(service.AutoRollback, Default(root, "/$defs/cycleService/properties/auto_rollback").GetBoolean());

        // The window's default is the interval, which a JSON default cannot say; its description does.
        Assert.Null(defaults.Window);
        Assert.False(At(root, "/properties/cycle/properties/window").TryGetProperty("default", out _));
    }

    [Theory]
    [InlineData("interval")]
    [InlineData("window")]
    public void Schema_DurationPattern_MatchesWhatTheParserReads(string key)
    {
        // The schema cannot state the 10s..7d bounds of a string; it states the form, and the
        // form must be the parser's: every text below is read by both or by neither.
        using var schema = LoadSchema();
        var pattern = new Regex(At(schema.RootElement, $"/properties/cycle/properties/{key}").GetProperty("pattern").GetString()!);

        foreach (var text in (string[])["10s", "90s", "15m", "1h", "7d", "1w", " 1h", "5", "1.5h", "-5m", "1H", "1 h", "1000000000s", "1y", ""])
        {
            Assert.True(pattern.IsMatch(text) == ConfigDuration.HasForm(text), $"{key}: '{text}'");
        }
    }

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

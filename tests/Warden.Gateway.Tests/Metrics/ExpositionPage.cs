using System.Globalization;
using System.Text.RegularExpressions;

namespace Warden.Gateway.Tests.Metrics;

/// <summary>
/// A /metrics page checked against the text format 0.0.4 grammar as it is parsed: HELP then TYPE
/// once per family, samples only of an announced family and contiguous, valid names, label values
/// with only the three escapes, numbers Prometheus can read. Samples are kept by their exact
/// <c>name{labels}</c> text.
/// </summary>
internal sealed partial class ExpositionPage
{
    private ExpositionPage(Dictionary<string, double> samples, Dictionary<string, string> types, List<string> families)
    {
        Samples = samples;
        Types = types;
        Families = families;
    }

    public Dictionary<string, double> Samples { get; }

    public Dictionary<string, string> Types { get; }

    public List<string> Families { get; }

    public double this[string series] =>
        Samples.TryGetValue(series, out var value) ? value : throw new KeyNotFoundException($"no sample '{series}'; have:\n{string.Join("\n", Samples.Keys)}");

    public static ExpositionPage Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var families = new List<string>();
        string? helpFor = null;
        string? current = null;
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = line[7..].Split(' ')[0];
                Assert.Matches(MetricName(), name);
                Assert.DoesNotContain(name, families);
                helpFor = name;
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.Equal(helpFor, parts[0]);
                Assert.Contains(parts[1], (string[])["counter", "gauge", "histogram"]);
                types[parts[0]] = parts[1];
                families.Add(parts[0]);
                current = parts[0];
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            var sampleName = match.Groups["name"].Value;
            Assert.NotNull(current);
            var belongs = sampleName == current
                || (types[current] == "histogram" && sampleName is var n && (n == current + "_bucket" || n == current + "_sum" || n == current + "_count"));
            Assert.True(belongs, $"sample '{sampleName}' outside its family (current '{current}')");
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            var key = match.Groups["series"].Value;
            Assert.False(samples.ContainsKey(key), $"duplicate sample '{key}'");
            samples[key] = value;
        }

        return new ExpositionPage(samples, types, families);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    // name, optional {label="value",...} where values hold no raw quote, backslash or newline except
    // as the escapes \\ \" \n; one space; a number.
    [GeneratedRegex("""^(?<series>(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})?) (?<value>[-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))$""")]
    private static partial Regex SampleLine();
}

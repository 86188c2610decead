using System.Text.RegularExpressions;
using Warden.Core.Configuration;

namespace Warden.Core.Evidence;

/// <summary>
/// Reads the <c>evidence:</c> section of <c>warden.yaml</c> into <see cref="EvidenceOptions"/>, with
/// the same walker and error style as the other sections: every error collected with
/// file:line:column, the key and the fix. <c>source: prometheus</c> needs
/// <c>prometheus.url</c>; a <c>selector</c> must be PromQL label matchers, so a typo is found when
/// the file is read, not as a refused query in the middle of a rollout.
/// </summary>
internal static partial class EvidenceConfigLoader
{
    private static readonly MappingShape SectionShape = new(["source", "prometheus"]);
    private static readonly MappingShape PrometheusShape = new(["url", "timeout_ms", "selector", "refresh_ms"]);
    private static readonly string[] Sources = ["gateway", "prometheus"];

    private const string UrlExpected = "the Prometheus server's root, an absolute http:// or https:// URL, e.g. http://127.0.0.1:9090";

    private const string SelectorExpected =
        "PromQL label matchers separated by commas, as written inside braces, e.g. job=\"warden\" or job=\"warden\",env=~\"prod|canary\"; "
        + "not service, version, arm or le, which Warden sets itself";

    /// <summary>The labels every query already matches on; a selector may not set them again.</summary>
    private static readonly string[] ReservedLabels = ["service", "version", "arm", "le", "error"];

    /// <summary>The fixed mappings of the section by dotted path.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["evidence"] = SectionShape.Keys,
            ["evidence.prometheus"] = PrometheusShape.Keys,
        };

    /// <summary>The <c>evidence:</c> section as a reader of the one <c>warden.yaml</c> loader.</summary>
    internal static IConfigSection Section { get; } = new EvidenceSection();

    private static EvidenceOptions Read(MappingReader evidence)
    {
        var source = evidence.Choice("source", "gateway", Sources) == "prometheus" ? EvidenceSource.Prometheus : EvidenceSource.Gateway;
        var prometheus = evidence.Section("prometheus", PrometheusShape);
        PrometheusEvidenceOptions? server = null;
        if (prometheus.Written || source == EvidenceSource.Prometheus)
        {
            server = ReadPrometheus(prometheus, evidence, source);
        }

        return new EvidenceOptions { Source = source, Prometheus = server };
    }

    private static PrometheusEvidenceOptions? ReadPrometheus(MappingReader m, MappingReader evidence, EvidenceSource source)
    {
        if (!m.Written)
        {
            // source: prometheus without a prometheus: mapping.
            evidence.Missing("prometheus", $"a mapping with at least url: ({UrlExpected}), since source is prometheus");
            return null;
        }

        var d = new PrometheusEvidenceOptions { Url = new Uri("http://127.0.0.1:9090") };
        var url = ReadUrl(m);
        var timeout = m.Int32("timeout_ms", (int)d.Timeout.TotalMilliseconds, NumberRange.WholeFrom(100, 600_000));
        var refresh = m.Int32("refresh_ms", (int)d.Refresh.TotalMilliseconds, NumberRange.WholeFrom(100, 3_600_000));
        var selector = ReadSelector(m);
        return url is null
            ? null
            : new PrometheusEvidenceOptions { Url = url, Timeout = TimeSpan.FromMilliseconds(timeout), Refresh = TimeSpan.FromMilliseconds(refresh), Selector = selector };
    }

    private static Uri? ReadUrl(MappingReader m)
    {
        if (m.RequiredText("url", UrlExpected) is not { } scalar)
        {
            return null;
        }

        if (!Uri.TryCreate(scalar.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            m.Error(scalar, "url", $"{scalar.Describe()} is not an http:// or https:// URL", UrlExpected);
            return null;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            m.Error(scalar, "url", $"{scalar.Describe()} has a query or fragment; Warden adds /api/v1/query to the root itself", UrlExpected);
            return null;
        }

        return uri;
    }

    private static string? ReadSelector(MappingReader m)
    {
        if (m.Text("selector", SelectorExpected) is not { } scalar)
        {
            return null;
        }

        var text = scalar.Value.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            m.Error(scalar, "selector", $"{scalar.Describe()} is written with its braces", $"the matchers without the braces: {text[1..^1].Trim()}");
            return null;
        }

        var matchers = Matchers().Matches(text);
        if (!Selector().IsMatch(text))
        {
            m.Error(scalar, "selector", $"{scalar.Describe()} is not a list of label matchers", SelectorExpected);
            return null;
        }

        if (matchers.Select(x => x.Groups["name"].Value).FirstOrDefault(n => ReservedLabels.Contains(n)) is { } reserved)
        {
            m.Error(scalar, "selector", $"{scalar.Describe()} matches on '{reserved}', which Warden sets per query", SelectorExpected);
            return null;
        }

        return text.TrimEnd(',', ' ', '\t');
    }

    [GeneratedRegex("""^\s*[A-Za-z_][A-Za-z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*(,\s*[A-Za-z_][A-Za-z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*)*,?\s*$""")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*""(?:[^""\\]|\\.)*""")]
    private static partial Regex Matchers();

    private sealed class EvidenceSection : IConfigSection
    {
        public string Name => "evidence";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => "an evidence: section (see docs/telemetry.md, \"Prometheus as an evidence source\")";

        public object Read(MappingReader section, ConfigContext context) => EvidenceConfigLoader.Read(section);
    }
}

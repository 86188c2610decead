using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Cycle;

/// <summary>
/// The <c>cycle:</c> section of warden.yaml: defaults, every key with its evidence file resolved
/// against the file's folder, durations with a row exactly at each bound, every refusal with its
/// exact message, and the checks against gateway.services (unknown service, candidate not a
/// backend, candidate that is production).
/// </summary>
public sealed class CycleConfigLoaderTests
{
    private const string DurationExpected = "a whole number and a unit (s, m, h, d or w), e.g. 90s, 15m, 1h or 1d, from 10s to 7d";
    private const string ServiceKeys = "evidence, model, candidates, auto_rollout, auto_rollback";
    private const string VersionExpected = "a version name of letters, digits, '.', '_' and '-', not starting with '.'";

    private const string Gateway = """
        gateway:
          services:
            ranker: { backends: { v1: http://127.0.0.1:8091/, v2: http://127.0.0.1:8092/, v3: http://127.0.0.1:8093/ }, production: v1 }
            search: { backends: { s1: http://127.0.0.1:8094/ }, production: s1 }

        """;

    [Theory]
    [InlineData("")]
    [InlineData("cycle:\n")]
    [InlineData("cycle: {}\n")]
    [InlineData("cycle:\n  services:\n")]
    [InlineData("cycle:\n  services: {}\n")]
    public void Load_EmptyFileOrSection_GivesDefaults(string yaml)
    {
        var options = LoadOk(yaml);

        // Restated so that a changed default is a visible decision (docs/cycle.md).
        Assert.Equal((TimeSpan.FromHours(1), true, (TimeSpan?)null, TimeSpan.FromHours(1)), (options.Interval, options.OnStart, options.Window, options.EffectiveWindow));
        Assert.Empty(options.Services);
        var ranker = options.For("ranker");
        Assert.Equal((null, null, null, false, true), (ranker.Evidence, ranker.Model, ranker.Candidates, ranker.AutoRollout, ranker.AutoRollback));
        Assert.Equal("ranker", ranker.ModelFor("ranker"));
    }

    [Fact]
    public void Load_EveryKey_ReadsEveryValueAndResolvesEvidenceAgainstTheFilesFolder()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("bundle-go.yaml"), "deployment_id: x\n");
        Directory.CreateDirectory(folder.File("evals"));
        File.WriteAllText(Path.Combine(folder.Path, "evals", "search.yaml"), "deployment_id: y\n");
        const string Yaml = """
            cycle:
              interval: 15m
              on_start: false
              window: 2h
              services:
                ranker:
                  evidence: bundle-go.yaml
                  model: ranker-onnx
                  candidates: [v2, v3]
                  auto_rollout: true
                  auto_rollback: false
                search:
                  evidence: evals/../evals/search.yaml
                  candidates: []
                idle:
            """;

        var options = LoadOk(Yaml, folder.Path);

        // The window may be longer than the interval: each cycle then reads overlapping windows.
        Assert.Equal((TimeSpan.FromMinutes(15), false, (TimeSpan?)TimeSpan.FromHours(2), TimeSpan.FromHours(2)), (options.Interval, options.OnStart, options.Window, options.EffectiveWindow));
        Assert.Equal(["idle", "ranker", "search"], options.Services.Keys.Order(StringComparer.Ordinal));

        var ranker = options.Services["ranker"];
        Assert.Equal((folder.File("bundle-go.yaml"), "ranker-onnx", true, false), (ranker.Evidence, ranker.Model, ranker.AutoRollout, ranker.AutoRollback));
        Assert.Equal(["v2", "v3"], ranker.Candidates!);
        Assert.Equal("ranker-onnx", ranker.ModelFor("ranker"));

        // search: the path normalised to a full one; an empty list is kept (no candidate judged),
        // not read as the default (null: every backend but production and previous).
        var search = options.Services["search"];
        Assert.Equal(Path.Combine(folder.Path, "evals", "search.yaml"), search.Evidence);
        Assert.True(Path.IsPathFullyQualified(search.Evidence!));
        Assert.NotNull(search.Candidates);
        Assert.Empty(search.Candidates);
        Assert.Equal((null, true), (search.Model, search.AutoRollback));

        // idle: named with no keys, so the defaults.
        Assert.Equal(CycleServiceOptions.Default, options.Services["idle"]);
    }

    [Fact]
    public void Load_AbsoluteEvidence_KeptWhateverTheFolder()
    {
        using var folder = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var evidence = elsewhere.File("evidence.yaml");
        File.WriteAllText(evidence, "deployment_id: x\n");

        var options = LoadOk($"cycle:\n  services:\n    ranker: {{ evidence: {evidence} }}\n", folder.Path);

        Assert.Equal(evidence, options.Services["ranker"].Evidence);
    }

    [Theory]
    [InlineData("10s", 10)] // the lower bound itself
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("'1h'", 3600)] // quoted or not, 1h is a string in YAML
    [InlineData("1d", 86_400)]
    [InlineData("7d", 604_800)] // the upper bound itself, 7 × 86400
    [InlineData("1w", 604_800)]
    [InlineData("168h", 604_800)]
    [InlineData("10080m", 604_800)]
    [InlineData("604800s", 604_800)]
    public void Load_DurationWithinBounds_Accepted(string text, int seconds)
    {
        var interval = LoadOk($"cycle:\n  interval: {text}\n");
        var window = LoadOk($"cycle:\n  window: {text}\n");

        Assert.Equal(TimeSpan.FromSeconds(seconds), interval.Interval);
        Assert.Equal(TimeSpan.FromSeconds(seconds), window.Window);
    }

    [Theory]
    [InlineData("interval: 9s", $"warden.yaml:2:13: cycle.interval: '9s' is less than 10s; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 0s", $"warden.yaml:2:13: cycle.interval: '0s' is less than 10s; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 8d", $"warden.yaml:2:13: cycle.interval: '8d' is more than 7d; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 604801s", $"warden.yaml:2:13: cycle.interval: '604801s' is more than 7d; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 2w", $"warden.yaml:2:13: cycle.interval: '2w' is more than 7d; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 999999999w", $"warden.yaml:2:13: cycle.interval: '999999999w' is more than 7d; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 5", $"warden.yaml:2:13: cycle.interval: '5' needs a unit; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 3600.5", $"warden.yaml:2:13: cycle.interval: '3600.5' needs a unit; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 1.5h", $"warden.yaml:2:13: cycle.interval: '1.5h' is not a duration; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 1H", $"warden.yaml:2:13: cycle.interval: '1H' is not a duration; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: -5m", $"warden.yaml:2:13: cycle.interval: '-5m' is not a duration; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: 1 h", $"warden.yaml:2:13: cycle.interval: '1 h' is not a duration; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: ''", $"warden.yaml:2:13: cycle.interval: the value is an empty string; expected {DurationExpected} (default 1h)")]
    [InlineData("interval: ~", $"warden.yaml:2:13: cycle.interval: no value given; expected {DurationExpected} (default 1h), or remove the key")]
    [InlineData("window: 9s", $"warden.yaml:2:11: cycle.window: '9s' is less than 10s; expected {DurationExpected} (default the interval)")]
    [InlineData("window: 8d", $"warden.yaml:2:11: cycle.window: '8d' is more than 7d; expected {DurationExpected} (default the interval)")]
    [InlineData("window: 30", $"warden.yaml:2:11: cycle.window: '30' needs a unit; expected {DurationExpected} (default the interval)")]
    [InlineData("on_start: yes", "warden.yaml:2:13: cycle.on_start: 'yes' is not a boolean in YAML 1.2; expected true or false (default true)")]
    [InlineData("intervl: 1h", "warden.yaml:2:3: cycle.intervl: unknown key 'intervl'; did you mean 'interval'?; expected one of interval, on_start, window, services")]
    [InlineData(
        "services: [ranker]",
        "warden.yaml:2:13: cycle.services: a list is not a mapping; expected a mapping of service names (those of gateway.services) to { evidence, model, candidates, auto_rollout, auto_rollback }, "
        + "e.g. ranker: { evidence: bundle-go.yaml, candidates: [v2] }")]
    [InlineData("services: { ranker: 5 }", $"warden.yaml:2:23: cycle.services.ranker: '5' is not a mapping; expected a mapping with the keys {ServiceKeys}")]
    [InlineData("services: { ranker: {}, ranker: {} }", "warden.yaml:2:27: cycle.services.ranker: duplicate service 'ranker' (first given on line 2); expected each service once; merge the two entries")]
    [InlineData("services: { '': {} }", "warden.yaml:2:15: cycle.services: '' is used as a service name; expected a service name of gateway.services")]
    [InlineData(
        "services: { ranker: { auto_rollbak: true } }",
        $"warden.yaml:2:25: cycle.services.ranker.auto_rollbak: unknown key 'auto_rollbak'; did you mean 'auto_rollback'?; expected one of {ServiceKeys}")]
    [InlineData(
        "services: { ranker: { evidence: nope.yaml } }",
        "warden.yaml:2:35: cycle.services.ranker.evidence: the file {dir}/nope.yaml does not exist; expected an existing evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute: correct the path, or remove the key")]
    [InlineData(
        "services: { ranker: { evidence: sub } }",
        "warden.yaml:2:35: cycle.services.ranker.evidence: {dir}/sub is a folder, not an evidence bundle; expected an existing evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute: correct the path, or remove the key")]
    [InlineData(
        "services: { ranker: { evidence: '' } }",
        "warden.yaml:2:35: cycle.services.ranker.evidence: the value is an empty string; expected the service's latest offline evaluation, an evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute (default: none)")]
    [InlineData(
        "services: { ranker: { model: 'a/b' } }",
        "warden.yaml:2:32: cycle.services.ranker.model: model name 'a/b' is not a plain path segment; expected the model's Open Inference Protocol name at the backends, of letters, digits, '.', '_' and '-', not starting with '.' (default: the service's name, ranker)")]
    [InlineData(
        "services: { ranker: { model: .hidden } }",
        "warden.yaml:2:32: cycle.services.ranker.model: model name '.hidden' is not a plain path segment; expected the model's Open Inference Protocol name at the backends, of letters, digits, '.', '_' and '-', not starting with '.' (default: the service's name, ranker)")]
    [InlineData(
        "services: { ranker: { candidates: v2 } }",
        "warden.yaml:2:37: cycle.services.ranker.candidates: 'v2' is not a list; expected a list of the service's backends in gateway.services other than production, e.g. [v2] (default: every backend but production and the registry's previous)")]
    [InlineData(
        "services: { ranker: { candidates: ~ } }",
        "warden.yaml:2:37: cycle.services.ranker.candidates: no value given; expected a list of the service's backends in gateway.services other than production, e.g. [v2] (default: every backend but production and the registry's previous); remove the key to use the default")]
    [InlineData(
        "services: { ranker: { candidates: [v2, v2] } }",
        "warden.yaml:2:42: cycle.services.ranker.candidates[1]: duplicate candidate 'v2' (first given at candidates[0]); expected each candidate once; delete one of them")]
    [InlineData("services: { ranker: { candidates: [v/2] } }", $"warden.yaml:2:38: cycle.services.ranker.candidates[0]: version name 'v/2' is not a plain path segment; expected {VersionExpected}")]
    [InlineData("services: { ranker: { candidates: [~] } }", $"warden.yaml:2:38: cycle.services.ranker.candidates[0]: no version given; expected {VersionExpected}")]
    [InlineData("services: { ranker: { candidates: [[v2]] } }", $"warden.yaml:2:38: cycle.services.ranker.candidates[0]: a list is not a single value; expected {VersionExpected}")]
    [InlineData("services: { ranker: { auto_rollout: 1 } }", "warden.yaml:2:39: cycle.services.ranker.auto_rollout: '1' is not true or false; expected true or false (default false)")]
    public void Load_BadValue_ExactMessageAtTheValue(string line, string error)
    {
        // Columns counted with Python: 1 + ("  " + line).find(value) for the value (or the key, for
        // an unknown or repeated key).
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.File("sub"));

        var file = Load($"cycle:\n  {line}\n", folder.Path);

        Assert.Equal(error.Replace("{dir}", folder.Path, StringComparison.Ordinal), Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_CandidatesAreBackendsOtherThanProduction_Read()
    {
        var options = LoadOk(Gateway + "cycle:\n  services:\n    ranker: { candidates: [v2, v3] }\n    search: { candidates: [] }\n", sections: WithGateway);

        Assert.Equal(["v2", "v3"], options.Services["ranker"].Candidates!);
    }

    [Theory]
    [InlineData(
        "rnker: { candidates: [v2] }",
        "warden.yaml:7:5: cycle.services.rnker: service 'rnker' is not in gateway.services (did you mean 'ranker'?); expected a service of gateway.services: ranker, search; correct the name, or add the service to gateway.services")]
    [InlineData(
        "ranker: { candidates: [v2, v4] }",
        "warden.yaml:7:32: cycle.services.ranker.candidates[1]: candidate 'v4' is not a backend of service 'ranker' (did you mean 'v2'?); expected a backend of gateway.services.ranker other than production v1: v2, v3; "
        + "correct the name, or add the version to gateway.services.ranker.backends")]
    [InlineData(
        "ranker: { candidates: [canary] }",
        "warden.yaml:7:28: cycle.services.ranker.candidates[0]: candidate 'canary' is not a backend of service 'ranker'; expected a backend of gateway.services.ranker other than production v1: v2, v3; "
        + "correct the name, or add the version to gateway.services.ranker.backends")]
    [InlineData(
        "ranker: { candidates: [v2, v1] }",
        "warden.yaml:7:32: cycle.services.ranker.candidates[1]: candidate 'v1' is production; a candidate is a version the cycle judges against production; expected a backend of gateway.services.ranker other than production v1: v2, v3; or remove it")]
    [InlineData(
        "search: { candidates: [s1] }",
        "warden.yaml:7:28: cycle.services.search.candidates[0]: candidate 's1' is production; a candidate is a version the cycle judges against production; expected a backend of gateway.services.search other than production s1; "
        + "it has none: add one to gateway.services.search.backends, or remove the candidate; or remove it")]
    public void Load_CycleAgainstGateway_ExactMessageAtTheName(string entry, string error)
    {
        // Line 7: the gateway's four lines, cycle:, services:, then the entry. Columns counted
        // with Python: 1 + ("    " + entry).find(name).
        var file = Load(Gateway + "cycle:\n  services:\n    " + entry + "\n", sections: WithGateway);

        Assert.Equal(error, Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_CandidatesWithoutGatewaySection_OnlyTheirSpellingChecked()
    {
        // warden verdict, for one, reads the file without a gateway: nothing to check names against.
        var options = LoadOk("cycle:\n  services:\n    ranker: { candidates: [v9] }\n", sections: WithGateway);

        Assert.Equal(["v9"], options.Services["ranker"].Candidates!);
    }

    [Fact]
    public void Load_SeveralErrors_AllReportedInFileOrder()
    {
        // Lines: the gateway's four, then cycle: on line 5. Columns counted with Python as above.
        using var folder = new TempDirectory();
        var yaml = Gateway + """
            cycle:
              services:
                ranker:
                  evidence: missing.yaml
                  candidates: [v1, v/2, v9]
                rnker: {}
              interval: 5
              window: 8d
              on_strat: true
            """;

        var file = Load(yaml, folder.Path, WithGateway);

        Assert.Equal(
            [
                "8:17 cycle.services.ranker.evidence",
                "9:20 cycle.services.ranker.candidates[0]",
                "9:24 cycle.services.ranker.candidates[1]",
                "9:29 cycle.services.ranker.candidates[2]",
                "10:5 cycle.services.rnker",
                "11:13 cycle.interval",
                "12:11 cycle.window",
                "13:3 cycle.on_strat",
            ],
            file.Errors.Select(e => $"{e.Line}:{e.Column} {e.Field}"));
    }

    private static readonly IReadOnlyList<IConfigSection> WithGateway = [GatewayStandIn.Section, CycleConfigLoader.Section];

    private static ConfigFile Load(string yaml, string? folder = null, IReadOnlyList<IConfigSection>? sections = null) =>
        ConfigFileLoader.Load(new StringReader(yaml), new ConfigContext("warden.yaml", folder), sections ?? [CycleConfigLoader.Section]);

    private static CycleOptions LoadOk(string yaml, string? folder = null, IReadOnlyList<IConfigSection>? sections = null)
    {
        var file = Load(yaml, folder, sections);
        Assert.Empty(file.Errors);
        return file.Get<CycleOptions>(CycleConfigLoader.Section);
    }

    /// <summary>
    /// The gateway section as far as Core can see it: a top-level <c>gateway:</c> with
    /// <c>services</c> (the real one lives in Warden.Gateway, which Core does not reference;
    /// Warden.Tests checks the pair with the real sections). The checks under test read the
    /// document, not this section's value.
    /// </summary>
    private sealed class GatewayStandIn : IConfigSection
    {
        public static IConfigSection Section { get; } = new GatewayStandIn();

        public string Name => "gateway";

        public IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
            new Dictionary<string, IReadOnlyList<string>> { ["gateway"] = ["services"] };

        public string Expected => "a gateway: section";

        public object Read(MappingReader section, ConfigContext context) => new object();
    }
}

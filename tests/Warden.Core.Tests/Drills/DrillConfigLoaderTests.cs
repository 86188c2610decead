using System.Globalization;
using Warden.Core.Configuration;
using Warden.Core.Drills;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Drills;

/// <summary>
/// The <c>drill:</c> section of warden.yaml: defaults, a full service entry with its defaults
/// (route, request path) and its body file resolved against the file's folder, every refusal
/// with its exact message, and each numeric bound with a row exactly at it.
/// </summary>
public sealed class DrillConfigLoaderTests
{
    private const string Faults = "http://127.0.0.1:8196/admin/faults";

    [Theory]
    [InlineData("")]
    [InlineData("drill:\n")]
    [InlineData("drill: {}\n")]
    [InlineData("drill:\n  services:\n")]
    [InlineData("drill:\n  services: {}\n")]
    public void Load_EmptyFileOrSection_GivesDefaults(string yaml)
    {
        var options = LoadOk(yaml);

        // Restated so that a changed default is a visible decision (docs/drills.md).
        Assert.Equal(100, options.LoadRate);
        Assert.Equal(50m, options.WeightPercent);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReadyTimeout);
        Assert.Empty(options.Services);
    }

    [Fact]
    public void Load_EveryKey_ReadsEveryValueAndResolvesBodiesAgainstTheFilesFolder()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("drill-request.json"), "{}");
        Directory.CreateDirectory(folder.File("requests"));
        File.WriteAllText(Path.Combine(folder.Path, "requests", "search.json"), "{}");
        var yaml = $"""
            drill:
              load_rate: 250.5
              weight: 12.5
              timeout_s: 90
              ready_timeout_s: 5
              services:
                ranker:
                  candidate: faulty
                  faults: {Faults}
                  request:
                    body: drill-request.json
                search:
                  route: search-canary
                  candidate: broken
                  faults: https://10.0.0.5:9000/admin/faults
                  request:
                    body: requests/../requests/search.json
                    path: /v2/models/search-x/infer
            """;

        var options = LoadOk(yaml, folder.Path);

        Assert.Equal((250.5, 12.5m, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(5)), (options.LoadRate, options.WeightPercent, options.Timeout, options.ReadyTimeout));
        Assert.Equal(["ranker", "search"], options.Services.Keys.Order(StringComparer.Ordinal));

        // ranker: route and request path take their defaults, named after the service.
        Assert.Equal(
            new DrillTarget
            {
                Service = "ranker",
                Route = "ranker-drill",
                Candidate = "faulty",
                Faults = new Uri(Faults),
                RequestBody = folder.File("drill-request.json"),
                RequestPath = "v2/models/ranker/infer",
            },
            options.Services["ranker"]);

        // search: its own route; the path loses its leading slash (it is below the route's prefix).
        Assert.Equal(
            new DrillTarget
            {
                Service = "search",
                Route = "search-canary",
                Candidate = "broken",
                Faults = new Uri("https://10.0.0.5:9000/admin/faults"),
                RequestBody = Path.Combine(folder.Path, "requests", "search.json"),
                RequestPath = "v2/models/search-x/infer",
            },
            options.Services["search"]);
        Assert.True(Path.IsPathFullyQualified(options.Services["search"].RequestBody));
    }

    [Fact]
    public void Load_AbsoluteBody_KeptWhateverTheFolder()
    {
        using var folder = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var body = elsewhere.File("request.json");
        File.WriteAllText(body, "{}");

        var options = LoadOk($"drill:\n  services:\n    ranker: {{ candidate: faulty, faults: {Faults}, request: {{ body: {body} }} }}\n", folder.Path);

        Assert.Equal(body, options.Services["ranker"].RequestBody);
    }

    [Theory]
    [InlineData("load_rate", 1)]
    [InlineData("load_rate", 10000)]
    [InlineData("weight", 1)]
    [InlineData("weight", 100)]
    [InlineData("timeout_s", 1)]
    [InlineData("timeout_s", 3600)]
    [InlineData("ready_timeout_s", 1)]
    [InlineData("ready_timeout_s", 3600)]
    public void Load_NumberAtItsBound_Accepted(string key, double value)
    {
        var options = LoadOk($"drill:\n  {key}: {value.ToString(CultureInfo.InvariantCulture)}\n");

        var read = key switch
        {
            "load_rate" => options.LoadRate,
            "weight" => (double)options.WeightPercent,
            "timeout_s" => options.Timeout.TotalSeconds,
            _ => options.ReadyTimeout.TotalSeconds,
        };
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData("load_rate: 0.999", "warden.yaml:2:14: drill.load_rate: 0.999 is out of range; expected a number from 1 to 10000 (default 100)")]
    [InlineData("load_rate: 10000.1", "warden.yaml:2:14: drill.load_rate: 10000.1 is out of range; expected a number from 1 to 10000 (default 100)")]
    [InlineData("load_rate: fast", "warden.yaml:2:14: drill.load_rate: 'fast' is not a number; expected a number from 1 to 10000 (default 100)")]
    [InlineData("weight: 0.999", "warden.yaml:2:11: drill.weight: 0.999 is out of range; expected a number from 1 to 100 (default 50)")]
    [InlineData("weight: 100.01", "warden.yaml:2:11: drill.weight: 100.01 is out of range; expected a number from 1 to 100 (default 50)")]
    [InlineData("timeout_s: 0.999", "warden.yaml:2:14: drill.timeout_s: 0.999 is out of range; expected a number from 1 to 3600 (default 60)")]
    [InlineData("timeout_s: 3600.1", "warden.yaml:2:14: drill.timeout_s: 3600.1 is out of range; expected a number from 1 to 3600 (default 60)")]
    [InlineData("ready_timeout_s: 0.999", "warden.yaml:2:20: drill.ready_timeout_s: 0.999 is out of range; expected a number from 1 to 3600 (default 30)")]
    [InlineData("ready_timeout_s: 3600.1", "warden.yaml:2:20: drill.ready_timeout_s: 3600.1 is out of range; expected a number from 1 to 3600 (default 30)")]
    [InlineData("lod_rate: 5", "warden.yaml:2:3: drill.lod_rate: unknown key 'lod_rate'; did you mean 'load_rate'?; expected one of load_rate, weight, timeout_s, ready_timeout_s, services")]
    [InlineData(
        "services: [ranker]",
        "warden.yaml:2:13: drill.services: a list is not a mapping; expected a mapping of service names (those of gateway.services) to { route, candidate, faults, request }, "
        + "e.g. ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: drill-request.json } }")]
    [InlineData(
        "services: { ranker: 5 }",
        "warden.yaml:2:23: drill.services.ranker: '5' is not a mapping; expected a mapping with the keys route, candidate, faults, request")]
    [InlineData(
        "services: { ranker: { faults: http://127.0.0.1:8196/admin/faults, request: { body: req.json } } }",
        "warden.yaml:2:23: drill.services.ranker.candidate: missing required key 'candidate'; expected the drill route's version that runs the faulty build, e.g. faulty")]
    [InlineData(
        "services: { ranker: { candidate: faulty, request: { body: req.json } } }",
        "warden.yaml:2:23: drill.services.ranker.faults: missing required key 'faults'; expected the faulty build's fault endpoint, an http:// address, e.g. http://127.0.0.1:8196/admin/faults")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: ftp://127.0.0.1/admin/faults, request: { body: req.json } } }",
        "warden.yaml:2:52: drill.services.ranker.faults: 'ftp://127.0.0.1/admin/faults' is not an http:// or https:// address; expected the faulty build's fault endpoint, an http:// address, e.g. http://127.0.0.1:8196/admin/faults")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: /admin/faults, request: { body: req.json } } }",
        "warden.yaml:2:52: drill.services.ranker.faults: '/admin/faults' is not an http:// or https:// address; expected the faulty build's fault endpoint, an http:// address, e.g. http://127.0.0.1:8196/admin/faults")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: 127.0.0.1:8196/admin/faults, request: { body: req.json } } }",
        "warden.yaml:2:52: drill.services.ranker.faults: '127.0.0.1:8196/admin/faults' is not an http:// or https:// address; expected the faulty build's fault endpoint, an http:// address, e.g. http://127.0.0.1:8196/admin/faults")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults } }",
        "warden.yaml:2:23: drill.services.ranker.request: missing required key 'request'; expected a mapping { body: FILE, path: PATH }, e.g. request: { body: drill-request.json }")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: req.json } }",
        "warden.yaml:2:97: drill.services.ranker.request: 'req.json' is not a mapping; expected a mapping with the keys body, path")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { path: v2/x } } }",
        "warden.yaml:2:88: drill.services.ranker.request.body: missing required key 'body'; expected a JSON file with one inference request, relative to warden.yaml's folder or absolute")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: nope.json } } }",
        "warden.yaml:2:105: drill.services.ranker.request.body: the file {dir}/nope.json does not exist; expected a JSON file with one inference request, relative to warden.yaml's folder or absolute: correct the path")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: sub } } }",
        "warden.yaml:2:105: drill.services.ranker.request.body: {dir}/sub is a folder, not a file; expected a JSON file with one inference request, relative to warden.yaml's folder or absolute: correct the path")]
    [InlineData(
        "services: { ranker: { route: ranker, candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: req.json } } }",
        "warden.yaml:2:32: drill.services.ranker.route: the drill route 'ranker' is the service itself; expected a drill copy of its own (default ranker-drill); to drill the live route, pass --on-live to warden drill")]
    [InlineData(
        "services: { ranker: { route: '', candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: req.json } } }",
        "warden.yaml:2:32: drill.services.ranker.route: the value is an empty string; expected a service of gateway.services that is the drill copy of this one, e.g. ranker-drill")]
    [InlineData(
        "services: { ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: req.json } }, ranker: {} }",
        "warden.yaml:2:119: drill.services.ranker: duplicate service 'ranker' (first given on line 2); expected each service once; merge the two entries")]
    public void Load_BadValue_ExactMessageAtTheValue(string line, string error)
    {
        // Columns counted with Python: 1 + ("  " + line).find(value) for the value (or the entry's
        // opening brace, where a required key is missing from it).
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("req.json"), "{}");
        Directory.CreateDirectory(folder.File("sub"));

        var file = Load($"drill:\n  {line}\n", folder.Path);

        Assert.Equal(error.Replace("{dir}", folder.Path, StringComparison.Ordinal), Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_SeveralErrors_AllReportedInFileOrder()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("req.json"), "{}");
        var yaml = $$"""
            drill:
              services:
                ranker:
                  faults: ftp://x/faults
                  request: { body: missing.json }
                search:
                  candidate: faulty
                  faults: {{Faults}}
                  request: { body: req.json }
              load_rate: 0
            """;

        var file = Load(yaml, folder.Path);

        Assert.Equal(
            [
                "4:7 drill.services.ranker.candidate",
                "4:15 drill.services.ranker.faults",
                "5:24 drill.services.ranker.request.body",
                "10:14 drill.load_rate",
            ],
            file.Errors.Select(e => $"{e.Line}:{e.Column} {e.Field}"));
    }

    private static ConfigFile Load(string yaml, string? folder = null) =>
        ConfigFileLoader.Load(new StringReader(yaml), new ConfigContext("warden.yaml", folder), [DrillConfigLoader.Section]);

    private static DrillOptions LoadOk(string yaml, string? folder = null)
    {
        var file = Load(yaml, folder);
        Assert.Empty(file.Errors);
        return file.Get<DrillOptions>(DrillConfigLoader.Section);
    }
}

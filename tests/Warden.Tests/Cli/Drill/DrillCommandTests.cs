using System.Text.RegularExpressions;
using Warden.Core.Drills;
using Warden.Gateway.Tests.Support;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Drill;

/// <summary>
/// <c>warden drill</c> in-process on bad input: every mistake exits 2 with its message before any
/// rollout starts, no server needed. Options are checked first, then the config file (a real
/// warden.yaml with a real request body in a temp folder), then the gateway (a closed port).
/// </summary>
public sealed class DrillCommandTests : IAsyncLifetime
{
    private const string Gateway = """
        gateway:
          services:
            ranker:
              backends: { v1: "http://127.0.0.1:9001/" }
              production: v1
            ranker-drill:
              backends: { v1: "http://127.0.0.1:9002/", faulty: "http://127.0.0.1:9003/" }
              production: v1

        """;

    private const string DrillSection = """
        drill:
          timeout_s: 60
          services:
            ranker:
              candidate: faulty
              faults: http://127.0.0.1:9004/admin/faults
              request: { body: drill-request.json }

        """;

    private readonly TempDirectory _dir = new();
    private readonly string _gateway = RawBackend.RefusedUrl().AbsoluteUri;

    public static TheoryData<string[], string> BadOptions => new()
    {
        { [], "error: give --fault (errors|latency|hang|crash|compliance) or --aa" },
        { ["--fault", "errors", "--aa"], "error: --aa and --fault exclude each other: an A/A drill injects no fault" },
        { ["--fault", "latency", "--rate", "0.1"], "error: --rate applies to --fault errors only" },
        { ["--aa", "--rate", "0.1"], "error: --rate applies to --fault errors only" },
        { ["--fault", "errors", "--rate", "0"], "error: --rate 0 is not a share of requests; give a number above 0 and at most 1, e.g. 0.05" },
        { ["--fault", "errors", "--rate", "1.5"], "error: --rate 1.5 is not a share of requests; give a number above 0 and at most 1, e.g. 0.05" },
        { ["--fault", "errors", "--delay-ms", "50"], "error: --delay-ms applies to --fault latency only" },
        { ["--fault", "latency", "--delay-ms", "0"], "error: --delay-ms 0 is out of range; give 1 to 600000 milliseconds" },
        { ["--fault", "latency", "--delay-ms", "600001"], "error: --delay-ms 600001 is out of range; give 1 to 600000 milliseconds" },
        { ["--fault", "errors", "--runs", "0"], "error: --runs 0 is out of range; give 1 to 1000" },
        { ["--fault", "errors", "--runs", "1001"], "error: --runs 1001 is out of range; give 1 to 1000" },
        { ["--aa", "--duration", "abc"], "error: --duration 'abc' is not a duration from 0 to 60 minutes; give seconds (90 or 90s), minutes (2m) or hours (1h)." },
        { ["--aa", "--duration", "2h"], "error: --duration '2h' is not a duration from 0 to 60 minutes; give seconds (90 or 90s), minutes (2m) or hours (1h)." },
        { ["--aa", "--duration", "0s"], "error: --duration 0s is too short for an A/A run; give at least 1s (60s is the default)." },
        { ["--fault", "errors", "--fault-after", "61m"], "error: --fault-after '61m' is not a duration from 0 to 60 minutes; give seconds (90 or 90s), minutes (2m) or hours (1h)." },

        // Every option problem at once.
        { ["--fault", "latency", "--rate", "0", "--runs", "0"], "error: --rate applies to --fault errors only\nerror: --runs 0 is out of range; give 1 to 1000" },
    };

    public Task InitializeAsync()
    {
        File.WriteAllText(_dir.File("drill-request.json"), """{"id":"drill","inputs":[]}""");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Drill_BadOptions_Exit2WithTheProblemBeforeReadingTheConfig(string[] args, string expected)
    {
        // The config named does not exist: the options are checked before it is read.
        var run = Drill(args, config: _dir.File("missing.yaml"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Error.TrimEnd().ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.Out);
    }

    [Theory]
    [InlineData("--fault", "errors", "--rate", "1")]
    [InlineData("--fault", "errors", "--runs", "1")]
    [InlineData("--fault", "errors", "--runs", "1000")]
    [InlineData("--fault", "latency", "--delay-ms", "1")]
    [InlineData("--fault", "latency", "--delay-ms", "600000")]
    [InlineData("--aa", "--duration", "1s")]
    [InlineData("--aa", "--duration", "1h")]
    [InlineData("--fault", "crash", "--fault-after", "60m")]
    public async Task Drill_OptionsAtTheirLimits_AcceptedThenStoppedByTheUnreachableGateway(params string[] args)
    {
        await CreateStoreAsync();

        var run = Drill(args, Config(Gateway + DrillSection));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(UnreachableGateway(), run.Error.TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Drill_UnknownFaultKind_Exit2NamesTheKinds()
    {
        var run = Drill(["--fault", "boom"], _dir.File("missing.yaml"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: Argument 'boom' not recognized. Must be one of:", run.Error, StringComparison.Ordinal);
        foreach (var kind in DrillFaults.Kinds)
        {
            Assert.Contains($"'{kind}'", run.Error, StringComparison.Ordinal);
        }

        Assert.EndsWith("Run 'warden drill --help' for usage.", run.Error.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Drill_NoDrillSection_Exit2SaysHowToAddTheService()
    {
        var config = Config(Gateway);

        var run = Drill(["--fault", "errors"], config);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {config}: drill.services has no entry for 'ranker' (none is set up for drills). Add one with", run.Error, StringComparison.Ordinal);
        Assert.Contains("ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: drill-request.json } }", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Drill_OnlyAnotherServiceSetUp_Exit2NamesIt()
    {
        var config = Config(Gateway.Replace("    ranker-drill:", "    search:\n      backends: { v1: \"http://127.0.0.1:9005/\" }\n      production: v1\n    ranker-drill:", StringComparison.Ordinal)
            + DrillSection.Replace("    ranker:", "    search:", StringComparison.Ordinal));

        var run = Drill(["--fault", "errors"], config);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {config}: drill.services has no entry for 'ranker' (search is set up for drills). Add one with", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Drill_DrillRouteNotInGateway_Exit2SaysToDeclareIt()
    {
        var config = Config(Gateway[..Gateway.IndexOf("    ranker-drill:", StringComparison.Ordinal)] + "\n" + DrillSection);

        var run = Drill(["--fault", "errors"], config);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {config}: gateway.services has no 'ranker-drill', the drill copy of ranker's route (drill.services.ranker.route). Declare it with backends of its own " +
            "(the known-good build as production, the faulty build 'faulty' beside it) and restart warden serve, or pass --on-live to drill the live route (docs/drills.md).",
            run.Error.TrimEnd());
    }

    [Fact]
    public void Drill_CandidateNotABackendOfTheRoute_Exit2ListsTheBackends()
    {
        var config = Config(Gateway + DrillSection.Replace("candidate: faulty", "candidate: broken", StringComparison.Ordinal));

        var run = Drill(["--fault", "errors"], config);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {config}: gateway.services.ranker-drill has no backend 'broken' (drill.services.ranker.candidate); its backends: v1, faulty. " +
            "Add the faulty build's address under its backends, or name one of them as the candidate.",
            run.Error.TrimEnd());
    }

    [Fact]
    public async Task Drill_GatewayNotReachable_Exit2NothingRecorded()
    {
        await CreateStoreAsync();

        var run = Drill(["--fault", "errors"], Config(Gateway + DrillSection));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(UnreachableGateway(), run.Error.TrimEnd().ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.Out);
        Assert.False(File.Exists(Path.Combine(_dir.File("out"), DrillReport.File)));
        var audit = CliRun.Of("audit", "list", "--action", "drill", "--json", "--data-dir", _dir.File("data"));
        Assert.Equal(0, audit.ExitCode);
        Assert.DoesNotContain("\"drill\"", audit.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Drill_ListsEveryOption()
    {
        var run = CliRun.Of("drill", "--help");

        Assert.Equal(0, run.ExitCode);
        // In process the usage line names the test host, not warden.
        Assert.Contains(" drill <SERVICE> [command] [options]", run.Out, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"(?m)^\s+list\s+List the recorded drill runs"), run.Out);
        string[] options = ["--fault", "--aa", "--rate", "--delay-ms", "--runs", "--duration", "--fault-after", "--on-live", "--config", "--gateway", "--traffic", "--out", "--data-dir", "--lock-timeout", "--actor"];
        foreach (var option in options)
        {
            Assert.Matches(new Regex($@"(?m)^\s+{Regex.Escape(option)}( <[^>]+>)?\s{{2,}}\S"), run.Out);
        }

        Assert.Contains("--fault <compliance|crash|errors|hang|latency>", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Warden_ListsDrill()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(new Regex(@"(?m)^\s+drill <SERVICE>\s+Exercise the rollback path against a running 'warden serve'"), run.Out);
    }

    private string UnreachableGateway() =>
        $"error: cannot reach the gateway's admin API at {_gateway} (connection refused); is 'warden serve' running there? Pass --gateway URL (its gateway.admin.urls or --admin-urls).";

    private string Config(string yaml)
    {
        var path = _dir.File("warden.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    // The drill reads an existing store only after the config checks out, and never creates one.
    private async Task CreateStoreAsync()
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.File("data"), Time = TimeProvider.System });
    }

    private CliRun Drill(string[] args, string config) =>
        CliRun.Of(["drill", "ranker", .. args, "--config", config, "--gateway", _gateway, "--out", _dir.File("out"), "--data-dir", _dir.File("data"), "--actor", "tester"]);
}

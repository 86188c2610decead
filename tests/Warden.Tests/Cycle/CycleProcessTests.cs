using System.Diagnostics;
using System.Text.Json.Nodes;
using Warden.Core.Cycle;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Cycle;

/// <summary>
/// The heartbeat cycle with real processes: the reference model servers, <c>warden serve</c> on a
/// SQLite store with a <c>cycle:</c> section, the CLI as a user types it. One whole cycle end to
/// end; the request path of <c>warden cycle run</c>; two servers on one store, one killed with
/// SIGKILL, never running two cycles at once.
/// </summary>
public sealed class CycleProcessTests(ModelServerPair models) : IClassFixture<ModelServerPair>
{
    [Fact]
    public async Task Serve_WithCycleSection_RunsOneWholeCycleOnStartAndAnswersCycleRun()
    {
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Cycle = CycleSection("1h") });
        rig.Register();
        var serve = await rig.StartServeAsync();

        // On start: no cycle ran within the interval, so the leading server runs one at once.
        var first = await WaitForCyclesAsync(rig, 1, 60);
        Assert.Equal("schedule", first[0]["trigger"]!.GetValue<string>());
        Assert.Equal(serve.Holder, first[0]["holder"]!.GetValue<string>());
        Assert.Equal(CyclePhases.All, first[0]["phases"]!.AsArray().Select(p => p!["phase"]!.GetValue<string>()));
        var id = first[0]["cycle"]!.GetValue<string>();
        var record = rig.Json("cycle", "show", id);
        var phases = record["phases"]!.AsArray().ToDictionary(p => p!["phase"]!.GetValue<string>(), p => p!);
        var folder = record["folder"]!.GetValue<string>();
        Assert.StartsWith(Path.Combine(rig.DataDir, "reports", "cycles", id), folder, StringComparison.Ordinal);

        // Integration validation fetched both backends' OIP metadata over HTTP and found v2 compatible.
        Assert.Equal("ok", phases[CyclePhases.Integration]["status"]!.GetValue<string>());
        Assert.Contains("ranker v2", phases[CyclePhases.Integration]["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        // Rollback simulation verified production's checkpoint (v1, verified by the rig).
        Assert.True(File.Exists(Path.Combine(folder, "checkpoint_checks.json")), Listing(folder));

        // Decision synthesis wrote v2's verdict from the evidence named in cycle.services.ranker.
        var verdict = File.ReadAllText(Path.Combine(folder, "ranker", "v2", "deployment_verdict.md"));
        Assert.Contains("ranker", verdict, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "innovation_report.md")), Listing(folder));
        Assert.True(File.Exists(Path.Combine(folder, CycleReport.MarkdownFile)), Listing(folder));

        // Every channel carries the cycle's BEGIN and END.
        foreach (var channel in Warden.Channels.ChannelNames.All)
        {
            var tail = rig.Cli("channel", "tail", channel, "--json");
            Assert.True(tail.ExitCode == 0, tail.Error);
            var kinds = tail.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["message"]!).Where(m => m["cycle"]?.GetValue<string>() == id).Select(m => m["kind"]!.GetValue<string>()).ToList();
            Assert.Equal("begin_cycle", kinds[0]);
            Assert.Equal("end_cycle", kinds[^1]);
        }

        // warden cycle run (no --once): the leading server picks the request up and this prints its phases.
        var run = rig.Cli("cycle", "run", "--timeout", "2m");
        Assert.True(run.ExitCode is 0 or 6, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        Assert.Contains(" began:", run.Out, StringComparison.Ordinal);
        Assert.Contains(CyclePhases.Relay, run.Out, StringComparison.Ordinal);
        var cycles = Cycles(rig);
        Assert.Equal(2, cycles.Count);
        Assert.Equal("request", cycles[1]["trigger"]!.GetValue<string>());
        Assert.NotNull(cycles[1]["request"]);
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Serve_GoAndAutoRollout_TheCycleRecordsItsVerdictAndStartsTheRollout()
    {
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Cycle = CycleSection("1h", autoRollout: true) });
        rig.Register();
        var serve = await rig.StartServeAsync();

        var cycle = (await WaitForCyclesAsync(rig, 1, 60))[0];
        var id = cycle["cycle"]!.GetValue<string>();
        var rollout = await rig.WaitForAsync(_ => true, "to be started by the cycle", 10);

        Assert.Equal(("v2", $"{id}-ranker-v2"), (rollout.State.Candidate, rollout.State.DeploymentId));
        var events = rig.Audit("rollout:ranker");
        Assert.Equal(("rollout.start", serve.Holder), (events[0]["action"]!.GetValue<string>(), events[0]["actor"]!.GetValue<string>()));

        // The verdict the rollout rests on was recorded by the cycle, just before it started the rollout.
        var verdicts = rig.Json("audit", "list", "--action", "verdict.record")["events"]!.AsArray();
        Assert.Contains(verdicts, v => v!["actor"]!.GetValue<string>() == serve.Holder && v["deployment_id"]!.GetValue<string>() == $"{id}-ranker-v2");
        var act = rig.Json("cycle", "show", id)["phases"]!.AsArray().Single(p => p!["phase"]!.GetValue<string>() == CyclePhases.Act)!;
        Assert.Contains("rollout.start", act.ToJsonString(), StringComparison.Ordinal);
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Serve_DrillDue_TheCycleDrillsThroughItsOwnGatewayAndTheFeedCarriesIt()
    {
        // The drill copy of ranker's route: v1 known-good, v2 (the shared pair's, with fault endpoints) as the faulty build.
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions
        {
            DrillRoute = $"""
                    ranker-drill:
                      backends: {"{"} v1: "{models.V1}", v2: "{models.V2}" {"}"}
                      production: v1
                """,
            Cycle = CycleSection("1h") + $"""

                drill:
                  load_rate: 100
                  timeout_s: 30
                  services:
                    ranker: {"{"} route: ranker-drill, candidate: v2, faults: "{new Uri(models.V2Admin, "admin/faults")}", request: {"{"} body: "{RepoPaths.Sample("ModelServer", "bench-request.json")}" {"}"} {"}"}
                """,
        });
        rig.Register();
        await rig.StartServeAsync();

        // Never drilled: the first cycle's rollback simulation runs one error-fault drill.
        var cycle = (await WaitForCyclesAsync(rig, 1, 120))[0];
        var rollback = rig.Json("cycle", "show", cycle["cycle"]!.GetValue<string>())["phases"]!.AsArray().Single(p => p!["phase"]!.GetValue<string>() == CyclePhases.Rollback)!;
        var drill = rollback["findings"]!.AsArray().Single(f => f!["check"]!.GetValue<string>() == "drill")!;
        Assert.True(drill["status"]!.GetValue<string>() == "PASS", drill.ToJsonString());
        var drills = rig.Json("audit", "list", "--action", "drill")["events"]!.AsArray();
        var run = Assert.Single(drills)!["deployment_id"]!.GetValue<string>();
        Assert.Contains(run, drill.ToJsonString(), StringComparison.Ordinal);

        // v1_rollback_feed: the guard's drill rollback and the drill's result, then the cycle's checks.
        var feed = rig.Cli("channel", "tail", "v1_rollback_feed", "--json");
        var kinds = feed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["message"]!).Select(m => $"{m["kind"]} {m["publisher"]}").ToList();
        Assert.Contains("rollback live guard", kinds);
        Assert.Contains("drill warden drill", kinds);
        Assert.Contains("checkpoint Rollback Officer", kinds);
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task TwoServers_OneKilled_NeverTwoCyclesAtOnceAndTheOtherGoesOn()
    {
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Cycle = CycleSection("10s") });
        rig.Register();
        var a = await rig.StartServeAsync();
        var b = await rig.StartServeAsync();

        // Two intervals with both servers up: cycles run on the leader only, one at a time.
        var before = await WaitForCyclesAsync(rig, 2, 60);
        var leader = before[0]["holder"]!.GetValue<string>();
        var (killed, survivor) = leader == a.Holder ? (a, b) : (b, a);
        killed.Process.Kill();

        // The survivor takes the controller's lease (3 s) and keeps the schedule: the next cycle is its.
        var after = await WaitForCyclesAsync(rig, before.Count + 1, 60);
        Assert.Contains(after.Skip(before.Count), c => c["holder"]!.GetValue<string>() == survivor.Holder);

        // No two cycles overlap: each begins after the one before it ended.
        for (var i = 1; i < after.Count; i++)
        {
            var previousEnd = after[i - 1]["ended_at"]?.GetValue<DateTimeOffset>();
            Assert.True(previousEnd is not null || after[i - 1]["holder"]!.GetValue<string>() == killed.Holder, $"cycle {i - 1} has no end: {after[i - 1]}");
            if (previousEnd is { } end)
            {
                Assert.True(after[i]["started_at"]!.GetValue<DateTimeOffset>() >= end, $"cycles {i - 1} and {i} overlap:\n{after[i - 1]}\n{after[i]}");
            }
        }

        // Cycles an interval apart, not one per server: at most one per 10 s since the first began.
        var span = after[^1]["started_at"]!.GetValue<DateTimeOffset>() - after[0]["started_at"]!.GetValue<DateTimeOffset>();
        Assert.True(after.Count - 1 <= span.TotalSeconds / 10 + 0.001, $"{after.Count} cycles in {span.TotalSeconds:0.0} s");
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task CycleRunOnce_NoServer_WritesVerdictsCheckpointChecksAndInnovationReport()
    {
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Cycle = CycleSection("1h") });
        rig.Register();
        var output = Path.Combine(rig.DataDir, "..", "once");

        var run = rig.Cli("cycle", "run", "--once", "--config", rig.ConfigPath, "--out", output);

        Assert.True(run.ExitCode is 0 or 6, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        var lines = run.Out.Split('\n');
        Assert.StartsWith("heartbeat cycle (once) on ", lines[0], StringComparison.Ordinal);
        Assert.Equal(CyclePhases.All, lines.Skip(1).Take(CyclePhases.All.Count).Select(l => l.Trim().Split(' ')[0]));
        Assert.Contains("  verdict: ranker v2 ", run.Out, StringComparison.Ordinal);
        var cycle = Assert.Single(Cycles(rig));
        Assert.Equal("once", cycle["trigger"]!.GetValue<string>());
        var folder = Path.Combine(Path.GetFullPath(output), "cycles", cycle["cycle"]!.GetValue<string>());
        foreach (var file in new[] { "ranker/v2/deployment_verdict.md", "checkpoint_checks.json", "innovation_report.md", "innovation_report.json", CycleReport.MarkdownFile, CycleReport.JsonFile })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing: {Listing(folder)}");
        }

        // The show command reads the same record back from the audit log.
        var show = rig.Cli("cycle", "show", cycle["cycle"]!.GetValue<string>());
        Assert.Equal(0, show.ExitCode);
        Assert.Contains(CyclePhases.Relay, show.Out, StringComparison.Ordinal);
        rig.AssertAuditIntact();
    }

    [Theory]
    [InlineData("cycle run --once --config missing.yaml", "missing.yaml")]
    [InlineData("cycle run --timeout soon", "--timeout soon: give a duration such as 90s, 10m or 1h.")]
    [InlineData("cycle show cy-20261122T000000000Z", "cy-20261122T000000000Z")]
    [InlineData("cycle list --limit 0", "--limit 0: give a number from 1 to 10000.")]
    public async Task Cycle_BadInput_ExitsTwoWithTheReason(string args, string message)
    {
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Cycle = CycleSection("1h") });
        rig.Register();

        var run = rig.Cli(args.Split(' '));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    // Interval as given; v2 is the pending candidate, judged on the pair's GO bundle; no automatic
    // rollout unless asked (most tests watch the cycle, not a rollout it would start).
    private string CycleSection(string interval, bool autoRollout = false) => $"""
        cycle:
          interval: {interval}
          services:
            ranker: {"{"} evidence: "{models.Evidence}", candidates: [v2], auto_rollout: {(autoRollout ? "true" : "false")} {"}"}
        """;

    private static List<JsonNode> Cycles(RolloutRig rig) => [.. rig.Json("cycle", "list", "--limit", "100")["cycles"]!.AsArray().Select(c => c!)];

    // Waits until at least `count` cycles have ended (or the last one's server died).
    private static async Task<List<JsonNode>> WaitForCyclesAsync(RolloutRig rig, int count, int timeoutSeconds)
    {
        var clock = Stopwatch.StartNew();
        List<JsonNode> cycles = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            cycles = Cycles(rig);
            if (cycles.Count(c => c["ended_at"] is not null) >= count)
            {
                return cycles;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"expected {count} ended cycle(s) within {timeoutSeconds} s; have {cycles.Count}: {string.Join("\n", cycles)}");
        return cycles;
    }

    private static string Listing(string folder) =>
        Directory.Exists(folder) ? string.Join(", ", Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)) : $"{folder} does not exist";
}

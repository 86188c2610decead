using System.Text.Json.Nodes;
using Warden.Tests.Support;

namespace Warden.Tests.Drills;

/// <summary>
/// <c>warden drill</c> end to end: real model servers, a real <c>warden serve</c> with its rollout
/// controller and live guard, the drill's own load through the real gateway, and the fault put into
/// the faulty build through its real fault endpoint. One drill per fault kind, then an A/A drill,
/// then the Rollback Officer's report and a verdict's rollback readiness over what the drills
/// recorded; and a fault the guard cannot see, which must time out, abort and fail the drill.
/// </summary>
[Collection(nameof(DrillRigCollection))]
public sealed class DrillProcessTests(DrillRig rig)
{
    // The triggers that may catch each fault (docs/drills.md): which of them trips first depends on
    // the request mix of the moment, so each row names every trigger that watches that symptom.
    private static readonly Dictionary<string, string[]> Catches = new()
    {
        ["errors"] = ["error_rate", "error_rate_vs_production"],
        ["latency"] = ["latency_p95", "latency_drift"],
        ["hang"] = ["backend_down", "error_rate", "error_rate_vs_production", "latency_p95", "latency_drift"],
        ["crash"] = ["backend_down", "error_rate", "error_rate_vs_production"],
        ["compliance"] = ["compliance_drop"],
    };

    [Fact]
    public void Drill_EveryFaultThenAa_RolledBackOnItsOwnRecordedReportedAndCitedByTheVerdict()
    {
        var runIds = new List<string>();
        foreach (var (fault, triggers) in Catches)
        {
            var output = rig.Folder($"drill-{fault}");
            var run = fault == "latency" ? rig.Drill(output, "--fault", fault, "--delay-ms", "300") : rig.Drill(output, "--fault", fault);
            Assert.True(run.ExitCode == 0, $"{fault}: exit {run.ExitCode}\n{run.Out}\n{run.Error}\nserve: {rig.ServeLog}");

            var file = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "recovery_test.json")))!;
            Assert.Equal(("fault", fault, "ranker-drill", false), (file["kind"]!.GetValue<string>(), file["fault"]!.GetValue<string>(), file["route"]!.GetValue<string>(), file["on_live"]!.GetValue<bool>()));
            var entry = Assert.Single(file["runs"]!.AsArray())!;
            Assert.True(entry["success"]!.GetValue<bool>(), $"{fault}: {entry}");
            Assert.Contains(entry["trigger"]!.GetValue<string>(), triggers);
            var rto = entry["rto_seconds"]!.GetValue<double>();
            Assert.InRange(rto, 0, 20);
            Assert.InRange(entry["rpo_seconds"]!.GetValue<double>(), 0, 3600);
            Assert.Equal(0, entry["failed_during_switch"]!.GetValue<long>());
            Assert.StartsWith("rollback_log.json#rb-", entry["evidence"]!.GetValue<string>(), StringComparison.Ordinal);
            runIds.Add(entry["run_id"]!.GetValue<string>());
        }

        Assert.Equal(2, rig.FaultyStarts); // the crash drill killed the faulty build once; its supervisor started it again

        var aaOut = rig.Folder("drill-aa");
        var aa = rig.Drill(aaOut, "--aa", "--duration", "5s");
        Assert.True(aa.ExitCode == 0, $"A/A: exit {aa.ExitCode}\n{aa.Out}\n{aa.Error}");
        Assert.Contains("A/A: 0 false rollback(s) in 1 run(s); designed false-alarm level 1 % per rollout phase", aa.Out, StringComparison.Ordinal);
        var aaRun = JsonNode.Parse(File.ReadAllText(Path.Combine(aaOut, "recovery_test.json")))!["runs"]![0]!;
        Assert.False(aaRun["rolled_back"]!.GetValue<bool>());
        Assert.StartsWith("recovery_test.json#dr-", aaRun["evidence"]!.GetValue<string>(), StringComparison.Ordinal);

        // The store: a drill event per run, the guard's rollback event under the run's id, and no incident opened for a drill.
        var drills = AuditList("--action", "drill");
        Assert.Equal(runIds.Append(aaRun["run_id"]!.GetValue<string>()).Order(StringComparer.Ordinal), drills.Select(e => e["deployment_id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var rollbacks = AuditList("--action", "rollback").Select(e => e["deployment_id"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(runIds.ToHashSet(), rollbacks);
        Assert.Empty(AuditList("--action", "incident.open"));
        DrillRig.Ok(rig.Cli("audit", "verify"));

        // The Rollback Officer: every guardrail drilled within 7 days, every run succeeded.
        var reports = rig.Folder("report");
        var report = rig.Cli("report", "rollback", "--out", reports);
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.StartsWith("> **Rollback Officer Verdict:** Ready — RTO = ", report.Out, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(reports, "rollback_report.md"));
        Assert.DoesNotContain("Untested", markdown, StringComparison.Ordinal);
        Assert.Contains("No real incident", markdown, StringComparison.Ordinal);

        // A verdict's rollback readiness cites the latest fault drill from the store.
        // The sample GO bundle judged as of now (the sample is pinned to 2026-11-20, before any drill).
        var verdictOut = rig.Folder("verdict");
        var bundle = CopySampleBundle(rig.Folder("bundle"), DateTimeOffset.UtcNow);
        var verdict = rig.Cli("verdict", "--evidence", bundle, "--model", "ranker", "--out", verdictOut, "--json");
        var check = JsonNode.Parse(verdict.Out)!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "rollback.readiness")!;
        Assert.Equal("pass", check["status"]!.GetValue<string>().ToLowerInvariant());
        Assert.Contains($"drill {runIds[^1]} (compliance) passed", check["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drill_FaultTheGuardCannotSee_TimesOutAbortsAndExits6()
    {
        // 0.1 % errors: below the 1 % limit, and one or two errors in 20 s cannot separate the
        // faulty build from production at the guard's level, so no trigger trips.
        var output = rig.Folder("drill-unseen");
        var run = rig.Drill(output, "--fault", "errors", "--rate", "0.001");

        Assert.True(run.ExitCode == 6, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "recovery_test.json")))!["runs"]![0]!;
        Assert.False(entry["success"]!.GetValue<bool>());
        Assert.False(entry["rolled_back"]!.GetValue<bool>());
        Assert.Equal("the guard did not roll back within 20 s of the fault (drill.timeout_s); the drill aborted the rollout", entry["problem"]!.GetValue<string>());
        var history = rig.Cli("rollout", "history", "ranker-drill");
        Assert.Contains("command:abort", history.Out, StringComparison.Ordinal);
        using var http = new HttpClient();
        var route = JsonNode.Parse(await http.GetStringAsync(new Uri(rig.Admin, "admin/routes/ranker-drill")))!["route"]!;
        Assert.Null(route["canary"]?.GetValue<string>());
    }

    // The sample GO bundle beside its data, its as_of moved to asOf.
    private static string CopySampleBundle(string folder, DateTimeOffset asOf)
    {
        foreach (var sub in new[] { "data", "meta", "env" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
            foreach (var file in Directory.GetFiles(RepoPaths.Sample(sub)))
            {
                File.Copy(file, Path.Combine(folder, sub, Path.GetFileName(file)), overwrite: true);
            }
        }

        File.Copy(RepoPaths.Sample("rollback.json"), Path.Combine(folder, "rollback.json"), overwrite: true);
        var yaml = File.ReadAllText(RepoPaths.Sample("bundle-go.yaml"))
            .Replace("as_of: 2026-11-20T12:00:00Z", $"as_of: {asOf.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}", StringComparison.Ordinal);
        var path = Path.Combine(folder, "evidence.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private List<JsonNode> AuditList(params string[] filter)
    {
        var run = rig.Cli(["audit", "list", .. filter, "--limit", "1000", "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var node = JsonNode.Parse(run.Out)!;
        return [.. (node as JsonArray ?? node["events"]!.AsArray()).Select(e => e!)];
    }
}

/// <summary>
/// One drill rig for the drill process tests: its servers start once. The collection runs on its
/// own, after the parallel ones: a drill judges the faulty build's latency against production's
/// with two processes on one 2-core machine, and a browser or another server under load beside it
/// slows one process more than the other. The drill of a fault the guard cannot see was rolled
/// back by latency_drift in a fresh CI run while the dashboard's Chromium tests ran beside it.
/// </summary>
[CollectionDefinition(nameof(DrillRigCollection), DisableParallelization = true)]
public sealed class DrillRigCollection : ICollectionFixture<DrillRig>;

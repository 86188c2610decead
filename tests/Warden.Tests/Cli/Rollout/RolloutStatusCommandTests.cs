using System.Text.Json.Nodes;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Rollout;

/// <summary>
/// <c>warden rollout status</c>: the position, the plan with the current step marked, the live
/// verdict and every step analysis the controller stored, and the current canary window judged now
/// from the telemetry windows in the store.
/// </summary>
public sealed class RolloutStatusCommandTests : IDisposable
{
    private const string Plan = """
        rollout:
          plan:
            shadow: { min_requests: 100, min_seconds: 10, max_seconds: 600 }
            steps: [10, 50]
            step: { min_requests: 200, min_seconds: 30, max_seconds: 600 }
            bake_minutes: 1
        """;

    private static readonly CanaryStep SecondStep = new() { WeightPercent = 50, MinRequests = 200, MinDuration = TimeSpan.FromSeconds(30), MaxDuration = TimeSpan.FromSeconds(600) };

    private readonly RolloutFixture _f = new(Plan);

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Status_InShadow_ShowsWhereWhoAndTheRoute()
    {
        await _f.StartAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));

        var run = _f.Run("rollout", "status", "ranker");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            """
            rollout 1 of ranker v2: in shadow
              candidate:  v2
              known-good: v1
              deployment: dep-v2, generation 1
              started:    2026-11-22T00:00:00Z by tester; this phase since 2026-11-22T00:00:00Z; last change 2026-11-22T00:00:00Z
              plan:       [shadow] → 10 % → 50 % → bake 1 min
              route:      production v1, no canary, shadow v2 (what the state calls for; 'warden serve' sets it within its interval)

            """,
            run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Status_Paused_SaysWhy()
    {
        await _f.StartAsync("SHADOW ONLY");
        Assert.Equal(0, _f.Run("rollout", "pause", "ranker").ExitCode);

        var run = _f.Run("rollout", "status", "ranker");

        Assert.StartsWith(
            "rollout 1 of ranker v2: in shadow, paused\n  paused:     paused by a human\n  candidate:  v2 (verdict SHADOW ONLY: shadow phase only until a human promotes it)\n",
            run.Out.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        var json = RolloutFixture.Json(_f.Run("rollout", "status", "ranker", "--json"))["rollout"]!;
        Assert.True(json["paused"]!.GetValue<bool>());
        Assert.Equal("paused by a human", json["pause_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_CanaryStep_ShowsTheStoredAnalysisAndTheLiveOneFromTheWindows()
    {
        var t0 = _f.Time.GetUtcNow();
        await _f.StartAsync();
        Assert.Equal(0, _f.Run("rollout", "promote", "ranker").ExitCode);

        // Step 1 (10 %): 40 s of healthy traffic; the controller judges it and moves to step 2.
        await _f.WriteWindowsAsync("v1", TrafficArm.Production, t0, 40, 180, 10, 20);
        await _f.WriteWindowsAsync("v2", TrafficArm.Canary, t0, 40, 20, 10, 20);
        _f.Time.Advance(TimeSpan.FromSeconds(40));
        await _f.ControllerLookAsync();

        // Step 2 (50 %): 5 s so far, the canary slower and failing now and then.
        var t1 = _f.Time.GetUtcNow();
        var production = await _f.WriteWindowsAsync("v1", TrafficArm.Production, t1, 5, 50, 10, 20);
        var canary = await _f.WriteWindowsAsync("v2", TrafficArm.Canary, t1, 5, 50, 30, 60, errorsPerSecond: 1);
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        var expected = CanaryAnalysis.Analyze(
            SecondStep, TimeSpan.FromSeconds(5), ArmTraffic.Of("v1", production), ArmTraffic.Of("v2", canary), new VerdictPolicy(), InconclusiveAction.Pause);

        var run = _f.Run("rollout", "status", "ranker");

        Assert.True(run.ExitCode == 0, run.Error);
        var text = run.Out.ReplaceLineEndings("\n");
        Assert.Contains("rollout 1 of ranker v2: at canary step 2 (50 %)\n", text, StringComparison.Ordinal);
        Assert.Contains("  plan:       shadow ✓ → 10 % ✓ → [50 %] → bake 1 min\n", text, StringComparison.Ordinal);
        Assert.Contains("  route:      production v1, canary v2 at 50 %, no shadow", text, StringComparison.Ordinal);
        Assert.Contains(
            "step 1 (10 %) analysis, 2026-11-22T00:00:40Z by controller-test: advance → canary step 2\n" +
            "  Every check passed at 10 % over 800 canary requests.\n" +
            "  window: canary 800 requests, production 7,200 requests; complete\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains(
            "step 2 (50 %) now, live analysis at 2026-11-22T00:00:45Z (5 s into the step): hold\n" +
            "  Window not complete: 250 of 200 canary requests, 5 of 30 s.\n" +
            "  window: canary 250 requests, production 250 requests; not complete\n",
            text,
            StringComparison.Ordinal);
        var p95 = expected.Checks.Single(c => c.Id == CheckIds.P95);
        var errors = expected.Checks.Single(c => c.Id == CheckIds.ErrorRate);
        Assert.Contains(
            $"    P95 latency            {Label(p95.Status),-12}  {ReportQuantity.Milliseconds.Value(p95.Observed!.Value)}, CI95 " +
            $"[{ReportQuantity.Milliseconds.Number(p95.Observed.Low)}, {ReportQuantity.Milliseconds.Number(p95.Observed.High)}]  target < 50 ms (CI upper)\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains(
            $"    Error rate             {Label(errors.Status),-12}  {ReportQuantity.ErrorPercent.Value(errors.Observed!.Value)}, CI95 " +
            $"[{ReportQuantity.ErrorPercent.Number(errors.Observed.Low)}, {ReportQuantity.ErrorPercent.Number(errors.Observed.High)}]  target < 1 % (Wilson upper)\n",
            text,
            StringComparison.Ordinal);

        var json = RolloutFixture.Json(_f.Run("rollout", "status", "ranker", "--json"));
        var live = json["live_analysis"]!;
        Assert.Equal(2, live["step"]!.GetValue<int>());
        Assert.Equal(50m, live["weight_percent"]!.GetValue<decimal>());
        Assert.Equal(5, live["elapsed_seconds"]!.GetValue<double>());
        Assert.Equal("hold", live["analysis"]!["outcome"]!.GetValue<string>());
        Assert.Equal(250, live["analysis"]!["canary_requests"]!.GetValue<long>());
        foreach (var check in expected.Checks)
        {
            var shown = live["analysis"]!["checks"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == check.Id)!;
            Assert.Equal(Label(check.Status), shown["status"]!.GetValue<string>());
            Assert.Equal(check.Observed!.Value, shown["observed"]!["value"]!.GetValue<double>());
            Assert.Equal(check.Observed.Low, shown["observed"]!["ci_low"]!.GetValue<double>());
            Assert.Equal(check.Observed.High, shown["observed"]!["ci_high"]!.GetValue<double>());
            Assert.Equal(check.Target, shown["target"]!.GetValue<string>());
        }

        var stored = Assert.Single(json["analyses"]!.AsArray())!;
        Assert.Equal(1, stored["step"]!.GetValue<int>());
        Assert.Equal("advance", stored["detail"]!["outcome"]!.GetValue<string>());
        Assert.Equal(800, stored["detail"]!["canary_requests"]!.GetValue<long>());
        Assert.Equal(["passed", "passed", "current", "pending"], json["stages"]!.AsArray().Select(s => s!["mark"]!.GetValue<string>()));
        Assert.Equal(50m, json["route"]!["canary_weight_percent"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Status_AfterTheLiveShadowVerdict_ShowsItsChecksAndRule()
    {
        // Without plan.evidence the live verdict has only the shadow's own measurements.
        var t0 = _f.Time.GetUtcNow();
        await _f.StartAsync();
        await _f.WriteWindowsAsync("v1", TrafficArm.Production, t0, 20, 50, 10, 20);
        await _f.WriteWindowsAsync("v2", TrafficArm.Shadow, t0, 20, 50, 10, 20);
        _f.Time.Advance(TimeSpan.FromSeconds(20));
        await _f.ControllerLookAsync();

        var json = RolloutFixture.Json(_f.Run("rollout", "status", "ranker", "--json"));
        var verdict = Assert.Single(json["verdicts"]!.AsArray())!;
        var outcome = verdict["detail"]!["outcome"]!.GetValue<string>();
        var rule = verdict["detail"]!["rule"]!.GetValue<string>();
        var run = _f.Run("rollout", "status", "ranker");

        var text = run.Out.ReplaceLineEndings("\n");
        Assert.Contains($"live verdict, 2026-11-22T00:00:20Z by controller-test: {outcome} → {verdict["to"]!.GetValue<string>()}\n", text, StringComparison.Ordinal);
        Assert.Contains($"  rule: {rule}\n  traffic: production 1,000 requests, shadow 1,000 requests\n", text, StringComparison.Ordinal);
        Assert.Contains($"  report: {verdict["detail"]!["report"]!.GetValue<string>()}\n", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(verdict["detail"]!["report"]!.GetValue<string>(), "deployment_verdict.md")));
        Assert.Matches(@"\n    P95 latency +PASS +\d+\.\d ms, CI95 \[\d+\.\d, \d+\.\d\]  target < 50 ms \(CI upper\)\n", text);
        Assert.Null(json["live_analysis"]);
    }

    [Fact]
    public async Task Status_RolledBack_MarksWhereItFailed()
    {
        await _f.StartAsync();
        Assert.Equal(0, _f.Run("rollout", "promote", "ranker").ExitCode);
        Assert.Equal(0, _f.Run("rollout", "abort", "ranker").ExitCode);

        var run = _f.Run("rollout", "status", "ranker");

        Assert.Contains("rollout 1 of ranker v2: rolled back (finished)\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  plan:       shadow ✓ → 10 % ✗ → 50 % → bake 1 min\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  route:      production v1, no canary, no shadow", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_PromotedFull_MarksTheSkippedSteps()
    {
        await _f.StartAsync();
        Assert.Equal(0, _f.Run("rollout", "promote", "ranker", "--full").ExitCode);

        var run = _f.Run("rollout", "status", "ranker");

        Assert.Contains("  plan:       shadow ✓ → 10 % (skipped) → 50 % (skipped) → [bake 1 min]\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  route:      production v2, no canary, no shadow", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_NoRollout_Exit2SayingHowToStartOne()
    {
        var run = _f.Run("rollout", "status", "ranker");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: ranker has no rollout yet; start one with 'warden rollout start ranker VERSION'.\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Watch_FinishedRollout_PrintsOnceAndEnds()
    {
        await _f.StartAsync();
        Assert.Equal(0, _f.Run("rollout", "abort", "ranker").ExitCode);

        var run = _f.Run("rollout", "status", "ranker", "--watch");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.Out, "^rollout 1 of ranker v2", System.Text.RegularExpressions.RegexOptions.Multiline));
    }

    [Fact]
    public async Task Watch_RunningRollout_PrintsEverySecondUntilItIsFinished()
    {
        await _f.StartAsync();
        var watching = Task.Run(() => _f.Run("rollout", "status", "ranker", "--watch", "--json"));

        // Let it print a few times on the fake clock, then finish the rollout and let it see that.
        for (var i = 0; i < 3 && !watching.IsCompleted; i++)
        {
            await Task.Delay(100);
            _f.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.False(watching.IsCompleted, "--watch ended while the rollout was running");
        Assert.Equal(0, _f.Run("rollout", "abort", "ranker").ExitCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!watching.IsCompleted && DateTime.UtcNow < deadline)
        {
            _f.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        Assert.True(watching.IsCompleted, "--watch did not end after the rollout finished");
        var run = await watching;
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.True(lines.Length >= 2, run.Out);
        var phases = lines.Select(l => JsonNode.Parse(l)!["rollout"]!["phase"]!.GetValue<string>()).ToList();
        Assert.Equal("rolled_back", phases[^1]);
        Assert.All(phases[..^1], p => Assert.Equal("shadow", p));
    }

    private static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        _ => "INCONCLUSIVE",
    };
}

namespace Warden.Tests.Cli.Rollout;

/// <summary>
/// <c>warden rollout start</c>: a rollout rests on the production alias and a recorded verdict for
/// the candidate judged against it; a refusal exits 2, says the facts and the fix, and writes nothing.
/// </summary>
public sealed class RolloutStartCommandTests : IDisposable
{
    private readonly RolloutFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Start_GoVerdict_StartsInShadowWithOneAuditEvent()
    {
        var run = await _f.StartAsync("GO");

        Assert.Equal(
            "rollout 1 started: ranker v2 in shadow, known-good v1, verdict of dep-v2 GO: the whole plan; 'warden serve' moves the traffic within its interval.\n",
            run.Out.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(["rollout.start"], _f.RolloutAuditActions());
        var status = RolloutFixture.Json(_f.Run("rollout", "status", "ranker", "--json"))["rollout"]!;
        Assert.Equal("shadow", status["phase"]!.GetValue<string>());
        Assert.False(status["shadow_only"]!.GetValue<bool>());
        Assert.Equal("tester", status["started_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_ShadowOnlyVerdict_StartsForTheShadowPhaseOnly()
    {
        var run = await _f.StartAsync("SHADOW ONLY");

        Assert.Contains("verdict of dep-v2 SHADOW ONLY: shadow phase only, a human promotes it;", run.Out, StringComparison.Ordinal);
        var status = RolloutFixture.Json(_f.Run("rollout", "status", "ranker", "--json"))["rollout"]!;
        Assert.Equal("shadow", status["phase"]!.GetValue<string>());
        Assert.True(status["shadow_only"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Start_Json_GivesTheSameFacts()
    {
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var json = RolloutFixture.Json(_f.Run("rollout", "start", "ranker", "v2", "--json"));

        Assert.Equal(1, json["rollout"]!.GetValue<long>());
        Assert.Equal("v2", json["candidate"]!.GetValue<string>());
        Assert.Equal("v1", json["known_good"]!.GetValue<string>());
        Assert.Equal("dep-v2", json["deployment_id"]!.GetValue<string>());
        Assert.Equal("GO", json["verdict"]!.GetValue<string>());
        Assert.Equal("shadow", json["phase"]!.GetValue<string>());
        Assert.Equal(1, json["generation"]!.GetValue<long>());
        Assert.Equal(5, json["plan"]!["steps"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("REJECT")]
    [InlineData("PAUSE_AND_FIX")]
    public async Task Start_VerdictRefuses_Exit2NamingTheVerdict(string outcome)
    {
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1", outcome);
        var audit = _f.Count("audit_events");

        var run = _f.Run("rollout", "start", "ranker", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(
            $"^error: cannot start a rollout of ranker v2: the latest verdict of deployment dep-v2 \\(judged against v1, recorded 2026-11-22T00:00:00Z\\) is {outcome}; " +
            "fix what it found and record a new verdict \\(warden verdict --record\\)\\.\n$",
            run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(audit, _f.Count("audit_events"));
        Assert.Equal(0, _f.Count("rollouts"));
    }

    [Fact]
    public async Task Start_NoProductionAlias_RefusedNamingTheOverride()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _f.Run("rollout", "start", "ranker", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "error: ranker has no production version in the registry: a rollout needs a known-good version to go back to. " +
            "Set it once with 'warden registry alias ranker production VERSION --override --reason \"...\"'.",
            run.Error,
            StringComparison.Ordinal);
        Assert.Equal(0, _f.Count("rollouts"));
    }

    [Fact]
    public async Task Start_VerdictAgainstAnotherProduction_RefusedWithoutOfferingAnOverride()
    {
        _f.Production("v3");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v3");
        _f.Production("v1");

        var run = _f.Run("rollout", "start", "ranker", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "error: cannot start a rollout of ranker v2: dep-v2 judged it against v3, but production holds v1 now; a verdict counts only against the version it replaces. " +
            "Judge v2 against v1 and record that verdict ('warden verdict --evidence BUNDLE --record --model ranker' with baseline v1).",
            run.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("--override", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, _f.Count("rollouts"));
    }

    [Fact]
    public async Task Start_NoVerdict_RefusedNamingHowToRecordOne()
    {
        _f.Production("v1");

        var run = _f.Run("rollout", "start", "ranker", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: cannot start a rollout of ranker v2: no verdict is recorded for it; record one with 'warden verdict --evidence evidence.yaml --record --model ranker'.\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    // policy.verdict_max_age_days: 7 — exactly 7 days old still counts, a second more does not.
    [Theory]
    [InlineData(7 * 86400, 0)]
    [InlineData((7 * 86400) + 1, 2)]
    public async Task Start_VerdictAge_CountsUpToTheMaximum(int ageSeconds, int exitCode)
    {
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        _f.Time.Advance(TimeSpan.FromSeconds(ageSeconds));

        var run = _f.Run("rollout", "start", "ranker", "v2");

        Assert.True(run.ExitCode == exitCode, run.Error);
        if (exitCode == 2)
        {
            Assert.Contains(
                "error: cannot start a rollout of ranker v2: the latest verdict of deployment dep-v2 (judged against v1) was recorded at 2026-11-22T00:00:00Z, " +
                "and policy.verdict_max_age_days allows at most 7 day(s) before now (2026-11-29T00:00:01Z). Judge v2 against v1 and record that verdict",
                run.Error,
                StringComparison.Ordinal);
            Assert.DoesNotContain("--override", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_WhileARolloutRuns_RefusedNamingIt()
    {
        await _f.StartAsync();
        await _f.RecordVerdictAsync("dep-v3", "v3", "v1");
        var audit = _f.Count("audit_events");

        var run = _f.Run("rollout", "start", "ranker", "v3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "error: ranker has a rollout running already: rollout 1 of v2, in shadow. Finish it, or stop it with 'warden rollout abort ranker'.",
            run.Error,
            StringComparison.Ordinal);
        Assert.Equal(audit, _f.Count("audit_events"));
        Assert.Equal(1, _f.Count("rollouts"));
    }

    [Fact]
    public async Task Start_PlanFromConfig_IsTheServicesOwn()
    {
        File.WriteAllText(_f.ConfigPath, """
            rollout:
              plan:
                steps: [1, 5]
              services:
                ranker:
                  steps: [10, 100]
                  require_approval: true
                  bake_minutes: 1
            """);

        await _f.StartAsync();

        var status = RolloutFixture.Json(_f.Run("rollout", "status", "ranker", "--json"));
        Assert.Equal("[shadow] → 10 % → 100 % → approve → bake 1 min", status["plan_drawn"]!.GetValue<string>());
        Assert.True(status["plan"]!["require_approval"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Start_ConfigWithErrors_Exit2AtFileLineColumnAndNothingStarted()
    {
        File.WriteAllText(_f.ConfigPath, "rollout:\n  plan:\n    steps: [5, 1]\n    bake_minuts: 3\n");
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _f.Run("rollout", "start", "ranker", "v2");

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal($"error: {_f.ConfigPath}: 2 problem(s) in the configuration; nothing was started.", lines[0]);
        Assert.StartsWith($"error: {_f.ConfigPath}:3:", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"error: {_f.ConfigPath}:4:", lines[2], StringComparison.Ordinal);
        Assert.Contains("bake_minutes", lines[2], StringComparison.Ordinal);
        Assert.Equal(0, _f.Count("rollouts"));
    }

    [Fact]
    public async Task Start_ConfigNamedButMissing_Exit2()
    {
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var missing = _f.Registry.Dir.File("nowhere.yaml");

        var run = _f.Registry.Run("rollout", "start", "ranker", "v2", "--config", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {missing}: no such file; expected a warden.yaml", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoConfigGivenAndNoneHere_UsesTheDefaultsAndSaysSo()
    {
        Assert.False(File.Exists("warden.yaml"), "the tests run in a folder with a warden.yaml");
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _f.Registry.Run("rollout", "start", "ranker", "v2", "--evidence", Warden.Tests.Support.RepoPaths.Sample("bundle-go.yaml"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            $"note: no warden.yaml in {Environment.CurrentDirectory} and no --config: using the default rollout plan and policy.\n",
            run.Error.ReplaceLineEndings("\n"));
        var status = RolloutFixture.Json(_f.Run("rollout", "status", "ranker", "--json"));
        Assert.Equal("[shadow] → 1 % → 5 % → 25 % → 50 % → 100 % → bake 30 min", status["plan_drawn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_PlanNamesNoEvidence_RefusedNamingTheKeyAndOption()
    {
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _f.Registry.Run("rollout", "start", "ranker", "v2", "--config", _f.ConfigPath);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: the rollout plan of ranker names no offline evidence: the live verdict that ends the shadow phase judges the shadow's traffic together with " +
            "the candidate's evidence bundle. Set rollout.services.ranker.evidence (or rollout.plan.evidence) in warden.yaml to its evidence.yaml, or pass --evidence PATH.\n",
            run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(0, _f.Registry.Count("rollouts"));
    }

    [Fact]
    public async Task Start_EvidenceFileMissing_Exit2NamingIt()
    {
        _f.Production("v1");
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _f.Run("rollout", "start", "ranker", "v2", "--evidence", "no-such.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --evidence no-such.yaml: no such file (", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_UnknownVersion_Exit2()
    {
        _f.Production("v1");

        var run = _f.Run("rollout", "start", "ranker", "v9");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("v9", run.Error, StringComparison.Ordinal);
    }
}

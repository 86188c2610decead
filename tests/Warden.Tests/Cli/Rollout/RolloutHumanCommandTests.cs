namespace Warden.Tests.Cli.Rollout;

/// <summary>
/// <c>warden rollout pause|resume|promote [--full]|abort|approve</c>: each applied command stores
/// one transition with exactly one audit event of its action; a refused one exits 2 and writes nothing.
/// </summary>
public sealed class RolloutHumanCommandTests : IDisposable
{
    private const string ApprovalPlan = """
        rollout:
          plan:
            steps: [10]
            require_approval: true
        """;

    private readonly RolloutFixture _f = new();

    public void Dispose() => _f.Dispose();

    public static TheoryData<string[], string[], string, string> Applied => new()
    {
        // setup commands, command, audit action of the command, position after it
        { [], ["pause"], "rollout.pause", "in shadow, paused" },
        { ["pause"], ["resume"], "rollout.resume", "in shadow" },
        { [], ["promote"], "rollout.step", "at canary step 1 (1 %)" },
        { ["promote"], ["promote"], "rollout.step", "at canary step 2 (5 %)" },
        { ["promote", "pause"], ["resume"], "rollout.resume", "at canary step 1 (1 %)" },
        { [], ["promote", "--full"], "rollout.promote", "promoted, baking" },
        { [], ["abort"], "rollout.rollback", "rolled back" },
        { ["promote"], ["abort"], "rollout.rollback", "rolled back" },
    };

    [Theory]
    [MemberData(nameof(Applied))]
    public async Task Command_Applies_StoresOneTransitionWithOneAuditEvent(string[] setup, string[] command, string action, string where)
    {
        await _f.StartAsync();
        foreach (var step in setup)
        {
            Assert.Equal(0, _f.Run("rollout", step, "ranker").ExitCode);
        }

        var before = _f.RolloutAuditActions();
        var events = _f.Count("rollout_events");

        var run = _f.Run(["rollout", command[0], "ranker", .. command[1..]]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches($"^rollout 1 of ranker v2: .+\\. Now {System.Text.RegularExpressions.Regex.Escape(where)} \\(evt-\\d+\\); 'warden serve' moves the traffic within its interval\\.\n$", run.Out.ReplaceLineEndings("\n"));
        Assert.Equal([.. before, action], _f.RolloutAuditActions());
        Assert.Equal(events + 1, _f.Count("rollout_events"));
    }

    [Fact]
    public async Task Command_Json_GivesReasonEventAndState()
    {
        await _f.StartAsync();

        var json = RolloutFixture.Json(_f.Run("rollout", "pause", "ranker", "--json"));

        Assert.Equal("pause", json["command"]!.GetValue<string>());
        Assert.Equal("command:pause", json["input"]!.GetValue<string>());
        Assert.Equal("paused: paused by a human", json["reason"]!.GetValue<string>());
        Assert.Matches("^evt-\\d+$", json["audit_event"]!.GetValue<string>());
        Assert.True(json["state"]!["paused"]!.GetValue<bool>());
        Assert.Equal("paused by a human", json["state"]!["pause_reason"]!.GetValue<string>());
        Assert.Equal(2, json["state"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Command_RecordsTheActorAndDeployment()
    {
        await _f.StartAsync();

        var run = Support.CliRun.Of(_f.Time, "rollout", "pause", "ranker", "--config", _f.ConfigPath, "--data-dir", _f.Registry.DataDir, "--actor", "alice");
        Assert.True(run.ExitCode == 0, run.Error);

        var events = RolloutFixture.Json(_f.Run("audit", "list", "--subject", "rollout:ranker", "--action", "rollout.pause", "--json"))["events"]!.AsArray();
        var pause = Assert.Single(events)!;
        Assert.Equal("alice", pause["actor"]!.GetValue<string>());
        Assert.Equal("dep-v2", pause["deployment_id"]!.GetValue<string>());
        Assert.Equal("command:pause", pause["payload"]!["input"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_AwaitingApproval_PromotesAndMovesProduction()
    {
        File.WriteAllText(_f.ConfigPath, ApprovalPlan);
        await _f.StartAsync();
        Assert.Equal(0, _f.Run("rollout", "promote", "ranker").ExitCode);
        var awaiting = _f.Run("rollout", "promote", "ranker");
        Assert.Contains("Now awaiting approval", awaiting.Out, StringComparison.Ordinal);
        Assert.Equal(("v1", (string?)null), _f.Aliases());

        var run = _f.Run("rollout", "approve", "ranker");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("approved by a human: v2 is production, baking under the guard. Now promoted, baking", run.Out, StringComparison.Ordinal);
        Assert.Equal(["rollout.start", "rollout.step", "rollout.await_approval", "rollout.promote"], _f.RolloutAuditActions());
        Assert.Equal(("v2", "v1"), _f.Aliases());
    }

    [Fact]
    public async Task PromoteFull_MovesProductionToTheCandidateAndPreviousToTheKnownGood()
    {
        await _f.StartAsync();
        Assert.Equal(("v1", (string?)null), _f.Aliases());

        var run = _f.Run("rollout", "promote", "ranker", "--full");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(("v2", "v1"), _f.Aliases());
        var moves = RolloutFixture.Json(_f.Run("registry", "history", "ranker", "--alias", "production", "--json"))["moves"]!.AsArray();
        Assert.Equal("dep-v2", moves[^1]!["deployment_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Abort_DuringTheBakeTime_MovesProductionBackToTheKnownGood()
    {
        await _f.StartAsync();
        Assert.Equal(0, _f.Run("rollout", "promote", "ranker", "--full").ExitCode);

        var run = _f.Run("rollout", "abort", "ranker");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("rolled back to v1: aborted by a human. Now rolled back", run.Out, StringComparison.Ordinal);
        Assert.Equal("v1", _f.Aliases().Production);
        Assert.Equal(["rollout.start", "rollout.promote", "rollout.rollback"], _f.RolloutAuditActions());
    }

    public static TheoryData<string[], string[], string> Refused => new()
    {
        { [], ["approve"], "error: cannot approve rollout 1 of ranker v2: approve applies to a rollout awaiting approval; this one is shadow." },
        { [], ["resume"], "error: cannot resume rollout 1 of ranker v2: it is not paused." },
        { ["pause"], ["pause"], "error: cannot pause rollout 1 of ranker v2: it is already paused; resume it, or abort it." },
        { ["promote --full"], ["pause"], "error: cannot pause rollout 1 of ranker v2: a promoted version has nothing left to pause; abort rolls it back." },
        { ["promote --full"], ["promote"], "error: cannot promote rollout 1 of ranker v2: promote does not apply when baking after promotion." },
        { ["abort"], ["resume"], "error: ranker has no rollout running; 'warden rollout list ranker --all' shows its past ones." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Command_DoesNotApply_Exit2AndNothingStored(string[] setup, string[] command, string error)
    {
        await _f.StartAsync();
        foreach (var step in setup)
        {
            var words = step.Split(' ');
            Assert.Equal(0, _f.Run(["rollout", words[0], "ranker", .. words[1..]]).ExitCode);
        }

        var audit = _f.Count("audit_events");
        var events = _f.Count("rollout_events");

        var run = _f.Run(["rollout", command[0], "ranker", .. command[1..]]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(error + "\n", run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal(audit, _f.Count("audit_events"));
        Assert.Equal(events, _f.Count("rollout_events"));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("promote")]
    [InlineData("abort")]
    [InlineData("approve")]
    public void Command_NoRolloutEver_Exit2(string command)
    {
        _f.Production("v1");

        var run = _f.Run("rollout", command, "ranker");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: ranker has no rollout running; 'warden rollout list ranker --all' shows its past ones.\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PromoteFull_OnAShadowOnlyVerdict_RefusedByTheGateWithoutOfferingAnOverride()
    {
        await _f.StartAsync("SHADOW ONLY");
        var audit = _f.Count("audit_events");

        var run = _f.Run("rollout", "promote", "ranker", "--full");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: cannot promote ranker v2: the latest verdict of deployment 'dep-v2' is SHADOW ONLY, not GO. Nothing was stored. " +
            "A rollout promotes on the GO verdict of its own deployment: record one from a bundle with deployment_id dep-v2 ('warden verdict --evidence BUNDLE --record'), " +
            "then run 'warden rollout promote ranker --full' again; or 'warden rollout abort ranker'.\n",
            run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(audit, _f.Count("audit_events"));
        Assert.Equal("v1", _f.Aliases().Production);
    }

    [Fact]
    public async Task Promote_ShadowOnlyRollout_MayEnterTheCanaryOnAHumansWord()
    {
        await _f.StartAsync("SHADOW ONLY");

        var run = _f.Run("rollout", "promote", "ranker");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Now at canary step 1 (1 %)", run.Out, StringComparison.Ordinal);
    }
}

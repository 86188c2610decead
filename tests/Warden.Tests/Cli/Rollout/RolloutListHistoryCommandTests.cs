namespace Warden.Tests.Cli.Rollout;

/// <summary><c>warden rollout list</c> and <c>warden rollout history</c>, as text and as JSON.</summary>
public sealed class RolloutListHistoryCommandTests : IDisposable
{
    private readonly RolloutFixture _f = new();

    public void Dispose() => _f.Dispose();

    // Rollout 1 (v2) aborted at 00:01:00, rollout 2 (v3) started at 00:02:00 and promoted to step 1 at 00:03:00.
    private async Task TwoRolloutsAsync()
    {
        await _f.StartAsync();
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, _f.Run("rollout", "abort", "ranker").ExitCode);
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        await _f.RecordVerdictAsync("dep-v3", "v3", "v1");
        Assert.Equal(0, _f.Run("rollout", "start", "ranker", "v3").ExitCode);
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, _f.Run("rollout", "promote", "ranker").ExitCode);
    }

    [Fact]
    public async Task List_Default_ShowsUnfinishedOnly()
    {
        await TwoRolloutsAsync();

        var run = _f.Run("rollout", "list");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            """
            ID  SERVICE  CANDIDATE  KNOWN-GOOD  WHERE                   UPDATED
            2   ranker   v3         v1          at canary step 1 (1 %)  2026-11-22T00:03:00Z

            """,
            run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task List_All_ShowsEveryRolloutNewestFirst()
    {
        await TwoRolloutsAsync();

        var run = _f.Run("rollout", "list", "ranker", "--all");

        Assert.Equal(
            """
            ID  SERVICE  CANDIDATE  KNOWN-GOOD  WHERE                   UPDATED
            2   ranker   v3         v1          at canary step 1 (1 %)  2026-11-22T00:03:00Z
            1   ranker   v2         v1          rolled back             2026-11-22T00:01:00Z

            """,
            run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task List_Json_GivesTheSameFacts()
    {
        await TwoRolloutsAsync();

        var json = RolloutFixture.Json(_f.Run("rollout", "list", "--all", "--json"));

        Assert.False(json["unfinished_only"]!.GetValue<bool>());
        var rollouts = json["rollouts"]!.AsArray();
        Assert.Equal([2L, 1L], rollouts.Select(r => r!["id"]!.GetValue<long>()));
        Assert.Equal("canary", rollouts[0]!["phase"]!.GetValue<string>());
        Assert.Equal(1, rollouts[0]!["step"]!.GetValue<int>());
        Assert.Equal(1m, rollouts[0]!["weight_percent"]!.GetValue<decimal>());
        Assert.Equal("at canary step 1 (1 %)", rollouts[0]!["where"]!.GetValue<string>());
        Assert.Equal("2026-11-22T00:03:00Z", rollouts[0]!["updated_at"]!.GetValue<string>());
        Assert.True(rollouts[1]!["finished"]!.GetValue<bool>());
        Assert.Null(rollouts[1]!["step"]);
    }

    [Theory]
    [InlineData(new string[0], "no unfinished rollouts.\n")]
    [InlineData(new[] { "--all" }, "no rollouts.\n")]
    [InlineData(new[] { "ranker" }, "ranker: no unfinished rollouts.\n")]
    public void List_Nothing_SaysSo(string[] args, string expected)
    {
        _f.Production("v1");

        var run = _f.Run(["rollout", "list", .. args]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(expected, run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task History_Latest_ListsEveryTransition()
    {
        await _f.StartAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _f.Run("rollout", "pause", "ranker").ExitCode);
        _f.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _f.Run("rollout", "promote", "ranker").ExitCode);

        var run = _f.Run("rollout", "history", "ranker");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            """
            rollout 1 of ranker v2 (known-good v1, deployment dep-v2): at canary step 1 (1 %)
            TIME                  ACTOR   INPUT            FROM → TO                        REASON
            2026-11-22T00:00:00Z  tester  start            - → shadow                       Rollout of ranker v2 started in shadow (known-good v1).
            2026-11-22T00:00:30Z  tester  command:pause    shadow → shadow (paused)         paused: paused by a human
            2026-11-22T00:01:00Z  tester  command:promote  shadow (paused) → canary step 1  promoted by a human from shadow: step 1 of 5, 1 % of traffic to v2

            """,
            run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task History_Json_GivesTheSameFacts()
    {
        await _f.StartAsync();
        Assert.Equal(0, _f.Run("rollout", "abort", "ranker").ExitCode);

        var json = RolloutFixture.Json(_f.Run("rollout", "history", "ranker", "--json"));

        Assert.Equal(1, json["rollout"]!["id"]!.GetValue<long>());
        var events = json["events"]!.AsArray();
        Assert.Equal(["start", "command:abort"], events.Select(e => e!["input"]!.GetValue<string>()));
        Assert.Null(events[0]!["from"]);
        Assert.Equal("shadow", events[1]!["from"]!.GetValue<string>());
        Assert.Equal("rolled_back", events[1]!["to"]!.GetValue<string>());
        Assert.Equal("rolled back to v1: aborted by a human", events[1]!["reason"]!.GetValue<string>());
        Assert.Equal([1L, 2L], events.Select(e => e!["generation"]!.GetValue<long>()));
    }

    [Fact]
    public async Task History_Id_ShowsAnOlderRollout()
    {
        await TwoRolloutsAsync();

        var run = _f.Run("rollout", "history", "ranker", "--id", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("rollout 1 of ranker v2 (known-good v1, deployment dep-v2): rolled back\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("command:abort", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ranker", "7", "error: there is no rollout 7; 'warden rollout list --all' shows every rollout with its id.\n")]
    [InlineData("other", "1", "error: rollout 1 is of service ranker, not other; run 'warden rollout history ranker --id 1', or 'warden rollout list other --all' for the ids of other's rollouts.\n")]
    [InlineData("other", null, "error: other has no rollout yet; start one with 'warden rollout start other VERSION'.\n")]
    public async Task History_NothingToShow_Exit2(string service, string? id, string expected)
    {
        await _f.StartAsync();

        var run = _f.Run(["rollout", "history", service, .. (id is null ? Array.Empty<string>() : ["--id", id])]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ReadingCommands_NoStore_Exit2WithoutCreatingIt()
    {
        using var empty = new Support.TempDirectory();
        var data = empty.File("data");

        var run = Support.CliRun.Of("rollout", "list", "--data-dir", data);

        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any());
    }
}

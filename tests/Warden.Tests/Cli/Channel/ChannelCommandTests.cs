using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Warden.Channels;
using Warden.Cli;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Channel;

/// <summary><c>warden channel list|tail</c> in-process on a real store.</summary>
public sealed class ChannelCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task List_EveryChannelWithCountAndNewest()
    {
        await PublishAsync(ChannelNames.Rollback, "drill dr-1 on ranker (errors fault): passed", "dr-1");
        await PublishAsync(ChannelNames.Rollback, "drill dr-2 on ranker (latency fault): passed", "dr-2");

        var run = Cli("channel", "list");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("CHANNEL", lines[0], StringComparison.Ordinal);
        Assert.Equal(ChannelNames.All, lines.Skip(1).Select(l => l.Split(' ')[0]));
        Assert.Matches(@"^v1_rollback_feed\s+2\s+2026-11-22 00:00:00Z\s+evt-2\s+warden drill\s+drill dr-2 on ranker \(latency fault\): passed$", lines[5]);
        Assert.Matches(@"^innovation_relay\s+0\s+-\s+-\s+-\s+no message yet$", lines[6]);
    }

    [Fact]
    public async Task Tail_PrintsTheMostRecentOldestFirstWithReportsAndEvidence()
    {
        for (var i = 1; i <= 3; i++)
        {
            await PublishAsync(ChannelNames.Rollback, $"drill dr-{i} on ranker (errors fault): passed", $"dr-{i}");
        }

        var run = Cli("channel", "tail", "v1_rollback_feed", "--limit", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            2026-11-22 00:00:00Z evt-2 [drill] warden drill: drill dr-2 on ranker (errors fault): passed
                reports: /reports/dr-2/recovery_test.json
                evidence: dr-2
            2026-11-22 00:00:00Z evt-3 [drill] warden drill: drill dr-3 on ranker (errors fault): passed
                reports: /reports/dr-3/recovery_test.json
                evidence: dr-3

            """.ReplaceLineEndings("\n"),
            run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Tail_Json_OneObjectPerLineWithTheMessageAsPublished()
    {
        await PublishAsync(ChannelNames.Rollback, "drill dr-1 on ranker (errors fault): passed", "dr-1");

        var run = Cli("channel", "tail", "v1_rollback_feed", "--json");

        var line = Assert.Single(run.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var node = JsonNode.Parse(line)!;
        Assert.Equal(("evt-1", 1L, "ana"), (node["event_id"]!.GetValue<string>(), node["sequence"]!.GetValue<long>(), node["actor"]!.GetValue<string>()));
        Assert.Equal("drill", node["message"]!["kind"]!.GetValue<string>());
        Assert.Equal("dr-1", node["message"]!["evidence_ids"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Tail_Since_ExactlyAtAMessageKeepsIt()
    {
        await PublishAsync(ChannelNames.Rollback, "first", "dr-1");
        _time.Advance(TimeSpan.FromMinutes(10));
        await PublishAsync(ChannelNames.Rollback, "second", "dr-2");

        // 10m back from 00:10 is 00:00 exactly, the first message's time: kept.
        var both = Cli("channel", "tail", "v1_rollback_feed", "--since", "10m");
        var second = Cli("channel", "tail", "v1_rollback_feed", "--since", "2026-11-22T00:10:00Z");
        var none = Cli("channel", "tail", "v1_rollback_feed", "--since", "2026-11-22T00:10:00.0000001Z");

        Assert.Contains(": first", both.Out, StringComparison.Ordinal);
        Assert.Contains(": second", both.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(": first", second.Out, StringComparison.Ordinal);
        Assert.Contains(": second", second.Out, StringComparison.Ordinal);
        Assert.Equal("no message on v1_rollback_feed since 2026-11-22 00:10:00Z yet.\n", none.Out.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("v2_feed")]
    [InlineData("rollback")]
    public async Task Tail_UnknownChannel_ExitsTwoNamingTheChannels(string name)
    {
        await PublishAsync(ChannelNames.Rollback, "first", "dr-1");

        var run = Cli("channel", "tail", name);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"unknown channel '{name}'; the channels are v1_baseline_feed, v1_latency_feed, v1_compliance_feed, v1_integration_feed, v1_rollback_feed, innovation_relay", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public void Tail_NoStore_ExitsTwoAndCreatesNone()
    {
        var run = Cli("channel", "tail", "v1_rollback_feed");

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "warden.db")));
    }

    [Fact]
    public async Task Tail_Follow_PrintsNewMessagesInOrderUntilCancelled()
    {
        await PublishAsync(ChannelNames.Rollback, "before", "dr-0");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = CliEnvironment.Plain(TextWriter.Synchronized(output), error, TimeProvider.System);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var following = Task.Run(() => WardenCli.RunAsync(["channel", "tail", "v1_rollback_feed", "--follow", "--data-dir", _dir.Path], env, stop.Token));
        await WaitForAsync(output, "following v1_rollback_feed");

        await PublishAsync(ChannelNames.Rollback, "one", "dr-1", TimeProvider.System);
        await PublishAsync(ChannelNames.Latency, "elsewhere", "x", TimeProvider.System);
        await PublishAsync(ChannelNames.Rollback, "two", "dr-2", TimeProvider.System);
        await WaitForAsync(output, "two");
        await stop.CancelAsync();

        Assert.Equal(130, await following);
        var text = output.ToString();
        Assert.True(text.IndexOf("before", StringComparison.Ordinal) < text.IndexOf("following", StringComparison.Ordinal));
        Assert.True(text.IndexOf(": one", StringComparison.Ordinal) < text.IndexOf(": two", StringComparison.Ordinal));
        Assert.DoesNotContain("elsewhere", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split(": one").Length - 1);
    }

    private static async Task WaitForAsync(StringWriter output, string text)
    {
        for (var i = 0; i < 200 && !output.ToString().Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(text, output.ToString(), StringComparison.Ordinal);
    }

    private async Task PublishAsync(string channel, string summary, string evidence, TimeProvider? time = null)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = time ?? _time });
        await store.WriteAsync((tx, ct) => ChannelLog.PublishAsync(
            tx,
            new ChannelMessage
            {
                Channel = channel,
                Kind = "drill",
                Publisher = "warden drill",
                Summary = summary,
                Reports = [$"/reports/{evidence}/recovery_test.json"],
                EvidenceIds = [evidence],
            },
            "ana",
            ct));
    }

    private CliRun Cli(params string[] args) => CliRun.Of(_time, [.. args, "--data-dir", _dir.Path]);
}

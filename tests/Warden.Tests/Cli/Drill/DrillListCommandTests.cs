using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Drills;
using Warden.Drills;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Drill;

/// <summary>
/// <c>warden drill list</c> over a real store: drill runs recorded by <see cref="DrillRecords"/> (the
/// drill's own writer), listed newest first with their summary. The statistics are checked against
/// values computed outside Warden (see each test).
/// </summary>
public sealed class DrillListCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Json_FourPassedOneFailed_SummaryMatchesWilsonAndNumpyLinear()
    {
        await SeedAsync(("ranker", 1.2, true), ("ranker", 3.4, true), ("ranker", null, false), ("ranker", 2.0, true), ("ranker", 0.8, true));

        var run = CliRun.Of(_time, "drill", "list", "--json", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonNode.Parse(run.Out)!;
        var runs = json["runs"]!.AsArray();
        Assert.Equal(["dr-t-5", "dr-t-4", "dr-t-3", "dr-t-2", "dr-t-1"], runs.Select(r => r!["run_id"]!.GetValue<string>()));
        Assert.False(runs[2]!["succeeded"]!.GetValue<bool>());
        Assert.Null(runs[2]!["rto_seconds"]);
        Assert.StartsWith("drill dr-t-5 on ranker (errors fault): passed", runs[0]!["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        var summary = json["summary"]!;
        Assert.Equal(5, summary["runs"]!.GetValue<int>());
        Assert.Equal(4, summary["succeeded"]!.GetValue<int>());

        // Wilson 4/5 at z = 1.959963984540054, by the closed form in Python:
        // (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) = 0.37553462976252533, 0.9637758913675698.
        var rate = summary["success_rate"]!;
        Assert.Equal(0.8, rate["value"]!.GetValue<double>(), 12);
        Assert.Equal(0.37553462976252533, rate["ci_low"]!.GetValue<double>(), 12);
        Assert.Equal(0.9637758913675698, rate["ci_high"]!.GetValue<double>(), 12);
        Assert.Equal("wilson", rate["method"]!.GetValue<string>());
        Assert.Equal(5, rate["n"]!.GetValue<long>());

        // numpy.quantile([0.8, 1.2, 2.0, 3.4], [0.5, 0.9]) = [1.6, 2.98] (h = (n-1)p: 1.5 and 2.7).
        var rto = summary["rto_seconds"]!;
        Assert.Equal(1.6, rto["median"]!.GetValue<double>(), 12);
        Assert.Equal(2.98, rto["p90"]!.GetValue<double>(), 12);
        Assert.Equal(3.4, rto["max"]!.GetValue<double>(), 12);
        Assert.Equal([0.8, 2.0, 3.4, 1.2], rto["values"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public async Task Run_ServiceAndLimit_OnlyThatServicesMostRecentRuns()
    {
        await SeedAsync(("ranker", 1.0, true), ("search", 5.0, false), ("ranker", 2.0, true), ("ranker", 3.0, true));

        var run = CliRun.Of(_time, "drill", "list", "--service", "ranker", "--limit", "2", "--json", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonNode.Parse(run.Out)!;
        Assert.Equal(["dr-t-4", "dr-t-3"], json["runs"]!.AsArray().Select(r => r!["run_id"]!.GetValue<string>()));
        Assert.Equal(2, json["summary"]!["runs"]!.GetValue<int>());
        Assert.Equal(2.5, json["summary"]!["rto_seconds"]!["median"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task Text_Runs_TableAndSummaryLines()
    {
        await SeedAsync(("ranker", 1.25, true), ("ranker", null, false));

        var run = CliRun.Of(_time, "drill", "list", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("dr-t-2", run.Out, StringComparison.Ordinal);
        Assert.Contains("FAILED", run.Out, StringComparison.Ordinal);
        // Wilson 1/2: [0.0945, 0.9055] by the same closed form.
        Assert.Contains("1 of 2 run(s) succeeded: 50 % [9.5, 90.5] (95 % Wilson)", run.Out, StringComparison.Ordinal);
        Assert.Contains("RTO over 1 run(s): median 1.25 s, P90 1.25 s, max 1.25 s", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_NoRuns_EmptyListAndNullStatistics()
    {
        await SeedAsync();

        var run = CliRun.Of(_time, "drill", "list", "--json", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonNode.Parse(run.Out)!;
        Assert.Empty(json["runs"]!.AsArray());
        Assert.Null(json["summary"]!["success_rate"]);
        Assert.Null(json["summary"]!["rto_seconds"]!["median"]);
    }

    [Theory]
    [InlineData("--limit", "0", "--limit 0: give a number from 1 to 10000.")]
    [InlineData("--limit", "10001", "--limit 10001: give a number from 1 to 10000.")]
    [InlineData("--service", "Bad Name", "--service 'Bad Name' is not a service name")]
    public async Task Run_BadInput_ExitsTwoWithTheFix(string option, string value, string message)
    {
        await SeedAsync(("ranker", 1.0, true));

        var run = CliRun.Of(_time, "drill", "list", option, value, "--data-dir", _dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LimitAtItsBounds_Accepted()
    {
        await SeedAsync(("ranker", 1.0, true));

        Assert.Equal(0, CliRun.Of(_time, "drill", "list", "--limit", "1", "--data-dir", _dir.Path).ExitCode);
        Assert.Equal(0, CliRun.Of(_time, "drill", "list", "--limit", "10000", "--data-dir", _dir.Path).ExitCode);
    }

    private async Task SeedAsync(params (string Service, double? Rto, bool Success)[] runs)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });
        var n = 0;
        foreach (var (service, rto, success) in runs)
        {
            n++;
            var start = _time.GetUtcNow();
            var run = new DrillRun
            {
                RunId = $"dr-t-{n}",
                DrillId = "dr-t",
                Service = service,
                Route = service + "-drill",
                Fault = "errors",
                Candidate = "v2",
                KnownGood = "v1",
                StartedAt = start,
                FaultOnsetAt = start,
                RestoredAt = rto is { } r ? start.AddSeconds(r) : null,
                RtoSeconds = rto,
                RpoSeconds = 60,
                Trigger = rto is null ? null : "error_rate",
                RollbackRunId = rto is null ? null : $"rb-{n}",
                RolledBack = rto is not null,
                Success = success,
                Evidence = $"recovery_test.json#dr-t-{n}",
                Problem = success ? null : "the guard did not roll back",
            };
            await DrillRecords.RecordAsync(store, run, "tester");
            _time.Advance(TimeSpan.FromMinutes(1));
        }
    }
}

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Warden.Core.Cycle;
using Warden.Core.Traffic;
using Warden.Tests.Support;

namespace Warden.Tests.Cycle;

/// <summary>
/// A cycle's reports as the cycle wrote them: their sha256 recorded in its end event (checked here
/// with .NET's SHA256 over the files' bytes, which is what sha256sum prints), <c>warden cycle report</c>
/// printing one, refusing a tampered one (exit 6) and naming the ones there are; and
/// <c>warden rollback officer</c> reading the cycle's rollback review.
/// </summary>
public sealed class CycleReportCommandTests : IAsyncLifetime
{
    private CycleRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CycleRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Run_Cycle_RecordsEachReportsSha256()
    {
        var record = await RunAsync();

        var folder = record.Folder!;
        Assert.Equal(["cycle_report.json", "cycle_report.md", "innovation_report.json", "innovation_report.md"], record.ReportSha256.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, sha) in record.ReportSha256)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, name)))), sha);
        }

        var shown = JsonNode.Parse(_rig.Registry.Run("cycle", "show", record.Id, "--json").Out)!;
        Assert.Equal(record.ReportSha256["innovation_report.md"], shown["report_sha256"]!["innovation_report.md"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("innovation_report.md")]
    [InlineData("innovation_report.json")]
    [InlineData("cycle_report.md")]
    [InlineData("cycle_report.json")]
    public async Task Report_EachName_PrintsTheFileAsWritten(string name)
    {
        var record = await RunAsync();

        var run = _rig.Registry.Run("cycle", "report", record.Id, name);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(record.Folder!, name)), run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Report_Tampered_ExitsSixNamingBothHashes()
    {
        var record = await RunAsync();
        File.AppendAllText(Path.Combine(record.Folder!, "innovation_report.md"), "\nedited\n");

        var run = _rig.Registry.Run("cycle", "report", record.Id, "innovation_report.md");

        Assert.Equal(6, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains($"differs from the {record.ReportSha256["innovation_report.md"]} cycle {record.Id} recorded", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deployment_verdict.md", "'deployment_verdict.md' is not a cycle report; it has innovation_report.md, innovation_report.json, cycle_report.md, cycle_report.json.")]
    [InlineData("../warden.db", "'../warden.db' is not a cycle report; it has")]
    public async Task Report_UnknownName_ExitsTwoNamingTheReports(string name, string message)
    {
        var record = await RunAsync();

        var run = _rig.Registry.Run("cycle", "report", record.Id, name);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_DeletedReport_ExitsTwoNamingTheOnesLeft()
    {
        var record = await RunAsync();
        File.Delete(Path.Combine(record.Folder!, "innovation_report.json"));

        var run = _rig.Registry.Run("cycle", "report", record.Id, "innovation_report.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"cycle {record.Id} has no innovation_report.json; it has innovation_report.md, cycle_report.md, cycle_report.json.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_UnknownCycle_ExitsTwo()
    {
        await RunAsync();

        var run = _rig.Registry.Run("cycle", "report", "cy-nosuch", "innovation_report.md");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no cycle 'cy-nosuch' on this store", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Officer_AfterACycle_TheCyclesRollbackReviewIsLatest()
    {
        var record = await RunAsync();
        var phase = Assert.Single(record.Phases, p => p.Phase == CyclePhases.Rollback);

        var run = _rig.Registry.Run("rollback", "officer", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonNode.Parse(run.Out)!;
        Assert.Equal("cycle", json["latest"]!.GetValue<string>());
        Assert.Null(json["verdict"]);
        var cycle = json["cycle"]!;
        Assert.Equal(record.Id, cycle["cycle_id"]!.GetValue<string>());
        Assert.Equal("heartbeat cycle", cycle["source"]!.GetValue<string>());
        Assert.Equal(phase.EndedAt, cycle["time"]!.GetValue<DateTimeOffset>());
        Assert.Equal(
            phase.Findings.Select(f => (f.Check, f.Status)),
            cycle["findings"]!.AsArray().Select(f => (f!["check"]!.GetValue<string>(), f["status"]!.GetValue<string>())));
        var worst = phase.Findings.Any(f => f.Status == "FAIL") ? "FAIL" : phase.Findings.Any(f => f.Status == "INCONCLUSIVE") ? "INCONCLUSIVE" : "PASS";
        Assert.Equal(worst, cycle["worst_status"]!.GetValue<string>());

        var other = JsonNode.Parse(_rig.Registry.Run("rollback", "officer", "--service", "nosuch", "--json").Out)!;
        Assert.Empty(other["cycle"]!["findings"]!.AsArray());
        Assert.Null(other["cycle"]!["worst_status"]);
    }

    private async Task<CycleRecord> RunAsync()
    {
        await _rig.WindowAsync("v1", TrafficArm.Production, TestClock.Epoch - TimeSpan.FromMinutes(10), 2000, 0, 10);
        var record = await _rig.Cycle().RunAsync("once", null, null, CancellationToken.None);
        Assert.NotNull(record);
        return record;
    }
}

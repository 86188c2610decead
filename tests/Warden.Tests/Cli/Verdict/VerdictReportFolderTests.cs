using System.Diagnostics;
using System.Security.Cryptography;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Verdict;

/// <summary>Where <c>warden verdict</c> writes its two reports when <c>--out</c> is not given.</summary>
public sealed class VerdictReportFolderTests
{
    [Fact]
    public void Verdict_RecordWithoutOut_WritesUnderDataDirByDeploymentAndReportSha()
    {
        using var dir = new TempDirectory();
        var data = dir.File("data");

        var run = CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--record", "--model", "ranker", "--data-dir", data, "--actor", "tester");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(data, "reports", "ranker-v2-go")));
        var json = Path.Combine(folder, "deployment_verdict.json");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(json)));
        Assert.Equal(sha[..12], Path.GetFileName(folder));
        Assert.Contains($"  report: {Path.Combine(folder, "deployment_verdict.md")}, {json}\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"report sha256 {sha[..12]}", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "live-")]
    public void VerdictShow_ReportsInOfflineOrLiveFolder_VerifiedFromEither(bool live, string prefix)
    {
        // A rollout's live shadow verdict writes DEPLOYMENT/live-SHA12 (RolloutController), an
        // offline one DEPLOYMENT/SHA12: verdict show (and the dashboard through it) must find both.
        using var dir = new TempDirectory();
        var data = dir.File("data");
        var record = CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--record", "--model", "ranker", "--data-dir", data, "--actor", "tester");
        Assert.True(record.ExitCode == 0, record.Out + record.Error);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(data, "reports", "ranker-v2-go")));
        var moved = Path.Combine(Path.GetDirectoryName(folder)!, prefix + Path.GetFileName(folder));
        if (live)
        {
            Directory.Move(folder, moved);
        }

        var show = CliRun.Of("verdict", "show", "ranker", "ranker-v2-go", "--json", "--data-dir", data);

        Assert.True(show.ExitCode == 0, show.Out + show.Error);
        var report = System.Text.Json.Nodes.JsonNode.Parse(show.Out)!["report"]!;
        Assert.Equal("verified", report["status"]!.GetValue<string>());
        Assert.Equal(moved, report["folder"]!.GetValue<string>());
    }

    [Fact]
    public async Task Binary_RecordWithoutOut_LeavesTheCurrentFolderAlone()
    {
        using var dir = new TempDirectory();
        var cwd = Directory.CreateDirectory(dir.File("cwd")).FullName;
        var data = dir.File("data");

        var (code, output) = await Warden(cwd, "verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--record", "--model", "ranker", "--data-dir", data, "--actor", "tester");

        Assert.True(code == 0, output);
        Assert.Empty(Directory.GetFileSystemEntries(cwd));
        Assert.Single(Directory.GetFiles(Path.Combine(data, "reports"), "deployment_verdict.md", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Binary_NoRecordNoOut_WritesTheCurrentFolder()
    {
        using var dir = new TempDirectory();

        var (code, output) = await Warden(dir.Path, "verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"));

        Assert.True(code == 0, output);
        Assert.True(File.Exists(dir.File("deployment_verdict.md")));
        Assert.True(File.Exists(dir.File("deployment_verdict.json")));
    }

    private static async Task<(int Code, string Output)> Warden(string cwd, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("WARDEN_DATA_DIR");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + error);
    }
}

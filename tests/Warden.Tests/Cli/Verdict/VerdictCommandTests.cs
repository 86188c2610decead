using System.Diagnostics;
using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Verdict;

public sealed class VerdictCommandTests
{
    [Theory]
    [InlineData("go", 0, "GO")]
    [InlineData("shadow", 3, "SHADOW ONLY")]
    [InlineData("pause", 4, "PAUSE_AND_FIX")]
    [InlineData("reject", 5, "REJECT")]
    public void Verdict_SampleBundle_GivesItsVerdictAndWritesBothReports(string name, int exitCode, string status)
    {
        var outDir = Directory.CreateTempSubdirectory("warden-verdict-").FullName;
        var run = CliRun.Of("verdict", "--evidence", RepoPaths.Sample($"bundle-{name}.yaml"), "--out", outDir);
        Assert.True(exitCode == run.ExitCode, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        Assert.StartsWith(status, run.Out);
        var markdown = File.ReadAllText(Path.Combine(outDir, "deployment_verdict.md"));
        Assert.Contains($"**Deployment Status:** {status}", markdown);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "deployment_verdict.json")));
        Assert.Equal(exitCode, json.RootElement.GetProperty("exit_code").GetInt32());
    }

    [Theory]
    [InlineData("shadow", "latency.p95", "INCONCLUSIVE")]
    [InlineData("pause", "latency.p95", "FAIL")]
    [InlineData("reject", "safety.ablation_drop", "FAIL")]
    [InlineData("go", "compliance.uplift", "PASS")]
    public void Verdict_SampleBundle_FiresForTheRightReason(string name, string checkId, string status)
    {
        var outDir = Directory.CreateTempSubdirectory("warden-verdict-").FullName;
        var run = CliRun.Of("verdict", "--evidence", RepoPaths.Sample($"bundle-{name}.yaml"), "--out", outDir, "--json");
        using var json = JsonDocument.Parse(run.Out);
        var check = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == checkId);
        Assert.Equal(status, check.GetProperty("status").GetString());
    }

    [Fact]
    public void Verdict_GoBundle_MatchesGoldenReport()
    {
        // The whole pipeline pinned: readers, statistics, engine and renderer on samples/bundle-go.yaml.
        // After an intended change, regenerate with:
        //   dotnet src/Warden/bin/Debug/net10.0/warden.dll verdict --evidence samples/bundle-go.yaml --out /tmp/g
        //   cp /tmp/g/deployment_verdict.md tests/Warden.Tests/Cli/Verdict/golden/bundle-go.md
        var outDir = Directory.CreateTempSubdirectory("warden-verdict-").FullName;
        CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--out", outDir);
        var expected = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Warden.Tests", "Cli", "Verdict", "golden", "bundle-go.md"));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(outDir, "deployment_verdict.md")));
    }

    [Fact]
    public void Verdict_SameInputs_SameBytes()
    {
        var a = Directory.CreateTempSubdirectory("warden-verdict-").FullName;
        var b = Directory.CreateTempSubdirectory("warden-verdict-").FullName;
        CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--out", a);
        CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--out", b);
        foreach (var file in new[] { "deployment_verdict.md", "deployment_verdict.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }
    }

    [Fact]
    public void Verdict_TamperedPinnedFile_Rejects()
    {
        var bundle = CopyGoBundle();
        File.AppendAllText(Path.Combine(bundle.Dir, "data", "qrels.txt"), "q001 0 q001-d99 3\n");
        var run = CliRun.Of("verdict", "--evidence", bundle.File, "--out", bundle.Dir, "--json");
        Assert.Equal(5, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var check = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "integrity.environment");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Contains("qrels.txt", check.GetRawText());
    }

    [Fact]
    public void Verdict_MissingEvidenceFile_RejectsOnProvenance()
    {
        var bundle = CopyGoBundle();
        File.Delete(Path.Combine(bundle.Dir, "meta", "v2.json"));
        var run = CliRun.Of("verdict", "--evidence", bundle.File, "--out", bundle.Dir, "--json");
        Assert.Equal(5, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var check = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "integrity.provenance");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Contains("v2.json", check.GetRawText());
    }

    [Fact]
    public void Verdict_BadPolicy_ExitsTwoListingEveryProblem()
    {
        var dir = Directory.CreateTempSubdirectory("warden-policy-").FullName;
        var policy = Path.Combine(dir, "warden.yaml");
        File.WriteAllText(policy, "policy:\n  quorum: 9\n  latency:\n    p95_targt_ms: 40\n  confidence: 2\n");
        var run = CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--policy", policy, "--out", dir);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("3 problem(s)", run.Error);
        Assert.Contains("warden.yaml:2:", run.Error);
        Assert.Contains("p95_target_ms", run.Error);
        Assert.Contains("confidence", run.Error);
        Assert.False(File.Exists(Path.Combine(dir, "deployment_verdict.md")));
    }

    [Fact]
    public void Verdict_BadBundle_ExitsTwo()
    {
        var dir = Directory.CreateTempSubdirectory("warden-bundle-").FullName;
        var bundle = Path.Combine(dir, "evidence.yaml");
        File.WriteAllText(bundle, "deployment_id: x\nbaseline:\n  version: v1\n");
        var run = CliRun.Of("verdict", "--evidence", bundle, "--out", dir);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("candidate", run.Error);
    }

    [Fact]
    public void Binary_RejectBundle_ExitsFiveAsRealProcess()
    {
        var outDir = Directory.CreateTempSubdirectory("warden-verdict-").FullName;
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "verdict", "--evidence", RepoPaths.Sample("bundle-reject.yaml"), "--out", outDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(5, process.ExitCode);
        Assert.StartsWith("REJECT", output);
    }

    private static (string Dir, string File) CopyGoBundle()
    {
        var dir = Directory.CreateTempSubdirectory("warden-tamper-").FullName;
        foreach (var sub in new[] { "data", "meta", "env" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
            foreach (var file in Directory.GetFiles(RepoPaths.Sample(sub)))
            {
                File.Copy(file, Path.Combine(dir, sub, Path.GetFileName(file)));
            }
        }

        File.Copy(RepoPaths.Sample("rollback.json"), Path.Combine(dir, "rollback.json"));
        var bundle = Path.Combine(dir, "evidence.yaml");
        File.Copy(RepoPaths.Sample("bundle-go.yaml"), bundle);
        return (dir, bundle);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Registry;

/// <summary>The registry and the verdict together: recorded verdicts gate promotion, registry facts feed the checks.</summary>
public sealed class RegistryFlowTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    // v1 and v2 registered, v1 in production (the bundle's baseline): a verdict counts only against the version it replaces.
    private void RegisterSamples()
    {
        foreach (var v in new[] { "v1", "v2" })
        {
            var run = _f.Run("registry", "add", "ranker", v, "--artifact", RepoPaths.Sample("models", $"{v}.weights.json"), "--env", RepoPaths.Sample("env", $"{v}.json"), "--allow-root", RepoPaths.Root);
            Assert.True(run.ExitCode == 0, run.Error);
        }

        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "initial production").ExitCode);
    }

    private CliRun Verdict(params string[] extra) =>
        _f.Run(["verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--out", _f.Dir.File("verdict"), .. extra]);

    [Fact]
    public void Record_GoVerdict_ThenPromotionRestsOnIt()
    {
        RegisterSamples();

        var verdict = Verdict("--record", "--model", "ranker");
        var promote = _f.Run("registry", "alias", "ranker", "production", "v2");

        Assert.True(verdict.ExitCode == 0, verdict.Out + verdict.Error);
        Assert.Contains("  recorded: GO for ranker v2 (deployment ranker-v2-go, report sha256 ", verdict.Out, StringComparison.Ordinal);
        Assert.Equal(0, promote.ExitCode);
        Assert.StartsWith("ranker/production: v1 → v2 (promotion on the GO verdict of ranker-v2-go; evt-5)", promote.Out, StringComparison.Ordinal);
        var history = JsonDocument.Parse(_f.Run("registry", "history", "ranker", "--json").Out).RootElement.GetProperty("moves")[1];
        Assert.Equal("promote", history.GetProperty("kind").GetString());
        Assert.Equal("ranker-v2-go", history.GetProperty("deployment_id").GetString());
        var reportSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_f.Dir.File("verdict/deployment_verdict.json"))));
        Assert.Contains($"report sha256 {reportSha[..12]}", verdict.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_WithoutModel_ExitsTwoAndRecordsNothing()
    {
        RegisterSamples();
        var before = _f.Snapshot();

        var run = Verdict("--record");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --record needs the model's name: add 'model: NAME'", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, _f.Snapshot());
    }

    [Fact]
    public void Verdict_CandidateTamperedInRegistry_Rejects()
    {
        // The registered copy of v2 is edited and re-verified: the bundle's evidence no longer vouches for the registered bytes.
        var copy = _f.Artifact("v2.weights.json", File.ReadAllText(RepoPaths.Sample("models", "v2.weights.json")));
        _f.Run("registry", "add", "ranker", "v2", "--artifact", copy);
        File.AppendAllText(copy, " ");
        Assert.Equal(6, _f.Run("registry", "verify", "ranker", "v2").ExitCode);

        var run = Verdict("--model", "ranker", "--json");

        Assert.Equal(5, run.ExitCode);
        var check = JsonDocument.Parse(run.Out).RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "integrity.environment");
        Assert.Equal("FAIL", check.GetProperty("status").GetString());
        Assert.Contains("candidate ranker v2 is marked tampered in the registry (sha256 differs)", check.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Promote_LatestVerdictOfDeploymentIsNotGo_IsRefused()
    {
        RegisterSamples();
        Verdict("--record", "--model", "ranker");
        _f.Run(["verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--out", _f.Dir.File("verdict2"), "--record", "--model", "ranker"]);

        var ok = _f.Run("registry", "alias", "ranker", "production", "v2", "--deployment", "ranker-v2-go");
        var unknown = _f.Run("registry", "alias", "ranker", "canary", "v2", "--deployment", "x");

        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--deployment applies to the production alias only", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoneWhen_RealProcesses_RegisterVerifyRecordPromoteHistory()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var outDir = _f.Dir.File("verdict");
        string[][] steps =
        [
            ["registry", "add", "ranker", "v1", "--artifact", "samples/models/v1.weights.json", "--env", "samples/env/v1.json"],
            ["registry", "add", "ranker", "v2", "--artifact", "samples/models/v2.weights.json", "--env", "samples/env/v2.json"],
            ["registry", "alias", "ranker", "production", "v1", "--override", "--reason", "initial production"],
            ["checkpoint", "verify", "ranker"],
            ["verdict", "--evidence", "samples/bundle-go.yaml", "--out", outDir, "--record", "--model", "ranker"],
            ["registry", "alias", "ranker", "production", "v2"],
            ["registry", "history", "ranker"],
        ];
        var outputs = new List<string>();
        foreach (var step in steps)
        {
            var start = new ProcessStartInfo("dotnet", [dll, .. step, "--actor", "ci"])
            {
                WorkingDirectory = RepoPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["WARDEN_DATA_DIR"] = _f.DataDir;
            using var process = Process.Start(start)!;
            var stderrTask = process.StandardError.ReadToEndAsync();
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await stderrTask;
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode == 0, $"{string.Join(' ', step)}: exit {process.ExitCode}\n{stdout}\n{stderr}");
            outputs.Add(stdout);
        }

        var history = outputs[^1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, history.Length);
        Assert.Matches(@"production\s+-\s+v1\s+override\s+ci\s+evt-3\s+initial production", history[1]);
        Assert.Matches(@"production\s+v1\s+v2\s+promote\s+ci\s+evt-6\s+GO verdict of ranker-v2-go", history[2]);
        Assert.Matches(@"previous\s+-\s+v1\s+previous\s+ci\s+evt-7\s+production moved from v1 to v2", history[3]);
    }
}

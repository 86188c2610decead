using Warden.Tests.Support;

namespace Warden.Tests.Cli.Verdict;

public sealed class VerdictJsonGoldenTests
{
    /// <summary>
    /// The whole pipeline on samples/bundle-go.yaml (readers, RankingEvaluation and the other
    /// bootstraps, engine, JSON renderer) pinned byte for byte across processes and releases.
    /// After an intended change, regenerate with
    /// <c>WARDEN_UPDATE_GOLDEN=1 dotnet test tests/Warden.Tests --filter VerdictJsonGoldenTests</c>
    /// and read the diff of golden/bundle-go.json before committing it.
    /// </summary>
    [Fact]
    public void Verdict_GoBundle_MatchesGoldenJson()
    {
        using var dir = new TempDirectory();
        var run = CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--out", dir.Path);
        Assert.True(run.ExitCode == 0, run.Error);
        var actual = File.ReadAllText(dir.File("deployment_verdict.json"));
        var golden = Path.Combine(RepoPaths.Root, "tests", "Warden.Tests", "Cli", "Verdict", "golden", "bundle-go.json");

        if (Environment.GetEnvironmentVariable("WARDEN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }

        Assert.Equal(File.ReadAllText(golden), actual);
    }
}

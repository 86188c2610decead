using System.Runtime.CompilerServices;
using Warden.Core.Reports;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// The engine and the report renderers are pure: fixed evidence gives the same bytes in every
/// process, on every machine, in every release until a deliberate change. Comparing two renders
/// inside one process cannot show that (a per-process hash seed, culture or dictionary order
/// would give equal bytes twice), so each scenario is compared with a committed golden file.
/// After an intended change, regenerate with
/// <c>WARDEN_UPDATE_GOLDEN=1 dotnet test tests/Warden.Core.Tests --filter VerdictGoldenTests</c>,
/// then read the diff of Verdicts/Golden/ as a release manager would before committing it.
/// </summary>
public sealed class VerdictGoldenTests
{
    public static TheoryData<string> Scenarios => ["go", "shadow", "pause", "reject"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Json_Scenario_MatchesGoldenFile(string scenario)
    {
        var evidence = Build(scenario);

        var actual = VerdictReport.Json(VerdictEngine.Decide(evidence, Defaults), evidence, Defaults);

        AssertGolden($"{scenario}.json", actual);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Markdown_Scenario_MatchesGoldenFile(string scenario)
    {
        var evidence = Build(scenario);

        var actual = VerdictReport.Markdown(VerdictEngine.Decide(evidence, Defaults), evidence, Defaults);

        AssertGolden($"{scenario}.md", actual);
    }

    // One scenario per outcome, each breaking the passing fixture in one known way.
    private static VerdictEvidence Build(string scenario)
    {
        var evidence = Passing();
        return scenario switch
        {
            "go" => evidence with { NdcgDelta = Est(0.004, -0.002, 0.010) },
            "shadow" => evidence with { Rollback = null, ComplianceUplift = Est(0.08, 0.02, 0.14) },
            "pause" => evidence with { Candidate = evidence.Candidate with { P95 = Est(55, 52, 58), Metadata = null } },
            "reject" => evidence with
            {
                AblationDrop = Est(0.010, -0.005, 0.025),
                ScoreCorrelation = Est(0.99, 0.985, 0.993, 5_000),
                Baseline = evidence.Baseline with { Environment = null },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "no such scenario"),
        };
    }

    private static void AssertGolden(string name, string actual)
    {
        var path = GoldenPath(name);
        if (Environment.GetEnvironmentVariable("WARDEN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} is missing; create it with WARDEN_UPDATE_GOLDEN=1 (see the class comment).");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    // The golden files live beside this source file, so no build step has to copy them.
    private static string GoldenPath(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Golden", name);
}

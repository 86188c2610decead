using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

/// <summary>The engine is a pure function: equal inputs give byte-identical decisions.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<string> Scenarios => ["go", "shadow", "pause", "reject"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Decide_EqualInputsBuiltTwice_GiveIdenticalJson(string scenario)
    {
        var first = Serialize(VerdictEngine.Decide(Build(scenario), Defaults));
        var second = Serialize(VerdictEngine.Decide(Build(scenario), Defaults));
        var third = Serialize(VerdictEngine.Decide(Build(scenario), Defaults));

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Contains("\"Outcome\":", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SameEvidenceObject_GivesEqualChecksEachTime()
    {
        var evidence = Build("reject");

        var first = VerdictEngine.Decide(evidence, Defaults);
        var second = VerdictEngine.Decide(evidence, Defaults);

        Assert.Equal(first.Checks.Select(c => (c.Id, c.Status, c.Reason)), second.Checks.Select(c => (c.Id, c.Status, c.Reason)));
        Assert.Equal(first.Rule, second.Rule);
    }

    private static VerdictEvidence Build(string scenario)
    {
        var evidence = Passing();
        return scenario switch
        {
            "go" => evidence with { NdcgDelta = Est(0.004, -0.002, 0.010) },
            "shadow" => evidence with { Rollback = null, ComplianceUplift = Est(0.08, 0.02, 0.14) },
            "pause" => evidence with { Candidate = evidence.Candidate with { P95 = Est(55, 52, 58), Metadata = null } },
            _ => evidence with
            {
                AblationDrop = Est(0.010, -0.005, 0.025),
                ScoreCorrelation = Est(0.99, 0.985, 0.993, 5_000),
                Baseline = evidence.Baseline with { Environment = null },
            },
        };
    }
}

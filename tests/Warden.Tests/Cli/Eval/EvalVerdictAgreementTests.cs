using System.Globalization;
using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Eval;

/// <summary>
/// <c>warden eval</c> and <c>warden verdict</c> compute nDCG, Compliance and their paired deltas
/// through one pipeline (Core's RankingEvaluation): on the same files and settings they must print
/// the same numbers, down to the last digit.
/// </summary>
public sealed class EvalVerdictAgreementTests
{
    private static readonly string[] EstimateFields = ["value", "ci_low", "ci_high", "confidence", "method", "n", "resamples", "seed", "evidence"];

    [Fact]
    public void EvalAndVerdict_GoBundleFiles_GiveIdenticalRankingEstimatesAndDeltas()
    {
        using var dir = new TempDirectory();
        var verdictRun = CliRun.Of("verdict", "--evidence", RepoPaths.Sample("bundle-go.yaml"), "--out", dir.Path, "--json");
        Assert.True(verdictRun.ExitCode == 0, verdictRun.Error);
        using var verdict = JsonDocument.Parse(verdictRun.Out);
        var v = verdict.RootElement;

        // eval gets the verdict's own settings, read back from the policy it printed.
        var policy = v.GetProperty("policy");
        var evalRun = CliRun.Of(
            "eval",
            "--qrels", RepoPaths.Sample("data", "qrels.txt"),
            "--compliance", RepoPaths.Sample("data", "compliance.qrels"),
            "--run", RepoPaths.Sample("data", "v1.run"),
            "--run", RepoPaths.Sample("data", "v2.run"),
            "--k", Text(policy.GetProperty("ndcg").GetProperty("k")),
            "--compliance-k", Text(policy.GetProperty("compliance").GetProperty("k")),
            "--unlabelled", policy.GetProperty("compliance").GetProperty("unlabelled_compliant").GetBoolean() ? "compliant" : "not-compliant",
            "--confidence", Text(policy.GetProperty("confidence")),
            "--resamples", Text(policy.GetProperty("bootstrap").GetProperty("resamples")),
            "--seed", Text(policy.GetProperty("bootstrap").GetProperty("seed")),
            "--json");
        Assert.True(evalRun.ExitCode == 0, evalRun.Error);
        using var eval = JsonDocument.Parse(evalRun.Out);
        var e = eval.RootElement;

        AssertSameEstimate(e.GetProperty("runs")[0].GetProperty("ndcg"), v.GetProperty("baseline").GetProperty("ndcg"));
        AssertSameEstimate(e.GetProperty("runs")[0].GetProperty("compliance"), v.GetProperty("baseline").GetProperty("compliance"));
        AssertSameEstimate(e.GetProperty("runs")[1].GetProperty("ndcg"), v.GetProperty("candidate").GetProperty("ndcg"));
        AssertSameEstimate(e.GetProperty("runs")[1].GetProperty("compliance"), v.GetProperty("candidate").GetProperty("compliance"));
        AssertSameEstimate(e.GetProperty("delta").GetProperty("ndcg"), v.GetProperty("delta").GetProperty("ndcg"));
        AssertSameEstimate(e.GetProperty("delta").GetProperty("compliance"), v.GetProperty("delta").GetProperty("compliance"));

        // The ΔnDCG check judges exactly that delta.
        var ndcgCheck = v.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "novelty.ndcg_delta");
        AssertSameEstimate(e.GetProperty("delta").GetProperty("ndcg"), ndcgCheck.GetProperty("observed"));
    }

    private static void AssertSameEstimate(JsonElement fromEval, JsonElement fromVerdict)
    {
        Assert.Equal(JsonValueKind.Object, fromEval.ValueKind);
        Assert.Equal(JsonValueKind.Object, fromVerdict.ValueKind);
        foreach (var field in EstimateFields)
        {
            // Raw text: doubles print round-trip exact, so equal text is equal bits.
            var (a, b) = (Flat(fromEval.GetProperty(field)), Flat(fromVerdict.GetProperty(field)));
            Assert.True(a == b, $"{field}: eval {a}, verdict {b}");
        }
    }

    // The two documents are indented at different depths, so arrays compare by their items.
    private static string Flat(JsonElement element) => element.ValueKind == JsonValueKind.Array
        ? string.Join(",", element.EnumerateArray().Select(i => i.GetRawText()))
        : element.GetRawText();

    private static string Text(JsonElement number) => number.GetDouble().ToString("R", CultureInfo.InvariantCulture);
}

using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Eval;

public sealed class EvalCommandTests
{
    private static readonly string Qrels = RepoPaths.Sample("data", "qrels.txt");
    private static readonly string Labels = RepoPaths.Sample("data", "compliance.qrels");
    private static readonly string V1 = RepoPaths.Sample("data", "v1.run");
    private static readonly string V2 = RepoPaths.Sample("data", "v2.run");

    [Fact]
    public void Eval_TwoRunsJson_DeltaIsDifferenceOfMeans()
    {
        var run = CliRun.Of("eval", "--qrels", Qrels, "--run", V1, "--run", V2, "--compliance", Labels, "--json", "-q");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var runs = doc.RootElement.GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        var ndcg1 = runs[0].GetProperty("ndcg");
        var ndcg2 = runs[1].GetProperty("ndcg");
        Assert.Equal(200, ndcg1.GetProperty("n").GetInt64());
        Assert.Equal(200, runs[0].GetProperty("per_query").GetArrayLength());

        // Every query is in both runs, so the paired delta equals the difference of the means.
        var delta = doc.RootElement.GetProperty("delta").GetProperty("ndcg");
        Assert.Equal(ndcg2.GetProperty("value").GetDouble() - ndcg1.GetProperty("value").GetDouble(), delta.GetProperty("value").GetDouble(), 12);
        Assert.Equal(2000, delta.GetProperty("resamples").GetInt32());
        Assert.True(delta.GetProperty("ci_low").GetDouble() <= delta.GetProperty("value").GetDouble());

        // v2 ranks compliant documents higher by construction (samples/DemoData): its Compliance@1 CI is above v1's point.
        var compliance = doc.RootElement.GetProperty("delta").GetProperty("compliance");
        Assert.True(compliance.GetProperty("ci_low").GetDouble() > 0);
    }

    [Fact]
    public void Eval_SameSeed_SameBytes()
    {
        var a = CliRun.Of("eval", "--qrels", Qrels, "--run", V1, "--run", V2, "--json");
        var b = CliRun.Of("eval", "--qrels", Qrels, "--run", V1, "--run", V2, "--json");
        Assert.Equal(a.Out, b.Out);
        var c = CliRun.Of("eval", "--qrels", Qrels, "--run", V1, "--run", V2, "--json", "--seed", "7");
        Assert.NotEqual(a.Out, c.Out);
    }

    [Fact]
    public void Eval_Table_ShowsRunsAndDelta()
    {
        var run = CliRun.Of("eval", "--qrels", Qrels, "--run", V1, "--run", V2, "--compliance", Labels);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("nDCG@10 [CI95]", run.Out);
        Assert.Contains("Compliance@1 [CI95]", run.Out);
        Assert.Contains("Δ second − first", run.Out);
    }

    [Fact]
    public void Eval_ThreeRuns_ExitsTwo()
    {
        var run = CliRun.Of("eval", "--qrels", Qrels, "--run", V1, "--run", V2, "--run", V1);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("given 3 times", run.Error);
    }

    [Fact]
    public void Eval_DuplicateJudgment_ExitsTwoNamingBothLines()
    {
        var run = CliRun.Of("eval", "--qrels", RepoPaths.Sample("malformed", "duplicate.qrels"), "--run", V1);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("duplicate.qrels:3:", run.Error);
        Assert.Contains("line 1", run.Error);
    }

    [Fact]
    public void Eval_BadRun_ExitsTwoNamingLine()
    {
        var run = CliRun.Of("eval", "--qrels", Qrels, "--run", RepoPaths.Sample("malformed", "bad.run"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.run:2:", run.Error);
    }

    [Fact]
    public void Eval_DisjointQueries_ExitsTwo()
    {
        // Judgments for a query id (q1) that no sample run contains.
        var dir = Directory.CreateTempSubdirectory("warden-eval-");
        var qrels = Path.Combine(dir.FullName, "other.qrels");
        File.WriteAllText(qrels, "q1 0 d1 1\n");
        var run = CliRun.Of("eval", "--qrels", qrels, "--run", V1);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no query of this run is judged", run.Error);
    }

    [Theory]
    [InlineData("q2 Q0 d2 1 1.0 b\n", 2)]
    [InlineData("q1 Q0 d1 1 1.0 b\nq2 Q0 d2 1 1.0 b\n", 0)]
    public void Eval_TwoRunsSharingNoJudgedQuery_ExitsTwoSayingSo(string secondRun, int exitCode)
    {
        // Each run alone is judged; the first answers q1 only. Sharing exactly one judged query
        // (the second row) is enough to pair them.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("qrels.txt"), "q1 0 d1 1\nq2 0 d2 1\n");
        File.WriteAllText(dir.File("a.run"), "q1 Q0 d1 1 1.0 a\n");
        File.WriteAllText(dir.File("b.run"), secondRun);

        var run = CliRun.Of("eval", "--qrels", dir.File("qrels.txt"), "--run", dir.File("a.run"), "--run", dir.File("b.run"));

        Assert.Equal(exitCode, run.ExitCode);
        if (exitCode == 2)
        {
            Assert.Equal(
                $"error: {dir.File("b.run")}: shares no query judged in {dir.File("qrels.txt")} with {dir.File("a.run")}; the paired delta compares the two runs query by query, so give runs over the same queries.",
                run.Error.TrimEnd());
        }
    }

    [Fact]
    public void Eval_ZeroK_ExitsTwo()
    {
        var run = CliRun.Of("eval", "--qrels", Qrels, "--run", V1, "--k", "0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--k must be a positive whole number", run.Error);
    }
}

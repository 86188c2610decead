using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Eval;

public sealed class EvalBootstrapReferenceTests
{
    /// <summary>
    /// Pins every interval of <c>warden eval</c> on v1 and v2 at <c>--seed 7</c> to the last printed
    /// digit. The numbers were re-derived outside Warden by reference/eval_bootstrap.py (.NET's
    /// seeded Random re-implemented in Python, the same resampling and numpy's linear quantile,
    /// fed the per-query values of <c>eval -q --json</c>); it reproduced all twelve bounds bit for
    /// bit. Each run's interval and each delta's draws come from <c>new Random(seed)</c>; any change
    /// to how a run's or delta's seed is derived (seed + run index, one shared generator, ...) or to
    /// the resampling moves these values, and must be a deliberate, re-derived change.
    /// </summary>
    [Fact]
    public void Eval_SeedSeven_IntervalsMatchTheIndependentReference()
    {
        var run = CliRun.Of(
            "eval",
            "--qrels", RepoPaths.Sample("data", "qrels.txt"),
            "--compliance", RepoPaths.Sample("data", "compliance.qrels"),
            "--run", RepoPaths.Sample("data", "v1.run"),
            "--run", RepoPaths.Sample("data", "v2.run"),
            "--seed", "7",
            "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var runs = doc.RootElement.GetProperty("runs");
        var delta = doc.RootElement.GetProperty("delta");

        AssertInterval(runs[0].GetProperty("ndcg"), 0.5561577977364117, 0.5953143366690824);
        AssertInterval(runs[0].GetProperty("compliance"), 0.55, 0.68);
        AssertInterval(runs[1].GetProperty("ndcg"), 0.6272874615797293, 0.6630338629813485);
        AssertInterval(runs[1].GetProperty("compliance"), 0.72, 0.835);
        AssertInterval(delta.GetProperty("ndcg"), 0.05517865987116917, 0.08386377957754161);
        AssertInterval(delta.GetProperty("compliance"), 0.095, 0.235);
    }

    private static void AssertInterval(JsonElement estimate, double low, double high)
    {
        Assert.Equal(7, estimate.GetProperty("seed").GetInt32());
        Assert.Equal(2000, estimate.GetProperty("resamples").GetInt32());

        // Exact: the reference reproduces the doubles, not just their leading digits.
        Assert.Equal(low, estimate.GetProperty("ci_low").GetDouble());
        Assert.Equal(high, estimate.GetProperty("ci_high").GetDouble());
    }
}

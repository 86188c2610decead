using Warden.Core.Bundle;

namespace Warden.Core.Tests.Bundle;

public sealed class ApiCompatibilityTests
{
    private static readonly ModelMetadata Baseline = Model(
        [T("text_features", "FP32", 1, 512), T("image", "FP32", 1, 512), T("query_ids", "INT64", -1)],
        [T("scores", "FP32", -1, 1), T("embedding", "FP16", 1, 256)]);

    [Fact]
    public void BreakingChanges_SameSignature_IsEmpty()
    {
        Assert.Empty(ApiCompatibility.BreakingChanges(Baseline, Baseline));
    }

    [Fact]
    public void BreakingChanges_EveryKindOfBreak_OneSentenceEachInputsThenOutputsByName()
    {
        var candidate = Model(
            [T("text_features", "FP16", 1, 512), T("image", "FP32", 1, 768), T("query_ids", "INT64", -1), T("visual_features", "FP32", -1, 128)],
            [T("embedding", "FP32", 1, 256), T("debug", "BYTES", -1)]);

        var changes = ApiCompatibility.BreakingChanges(Baseline, candidate);

        Assert.Equal(
            [
                "input 'image' shape [1,512] → [1,768]",
                "input 'text_features' datatype changed FP32 → FP16",
                "input 'visual_features' added; baseline clients do not send it",
                "output 'embedding' datatype changed FP16 → FP32",
                "output 'scores' removed",
            ],
            changes);
    }

    [Fact]
    public void BreakingChanges_DatatypeAndShapeOfOneTensor_ListsBoth()
    {
        var candidate = Model([T("text_features", "FP16", 1, 768), T("image", "FP32", 1, 512), T("query_ids", "INT64", -1)], Baseline.Outputs);

        Assert.Equal(
            ["input 'text_features' datatype changed FP32 → FP16", "input 'text_features' shape [1,512] → [1,768]"],
            ApiCompatibility.BreakingChanges(Baseline, candidate));
    }

    [Fact]
    public void BreakingChanges_RemovedInput_IsBreaking()
    {
        var candidate = Model([T("text_features", "FP32", 1, 512), T("query_ids", "INT64", -1)], Baseline.Outputs);

        Assert.Equal(["input 'image' removed; the candidate does not accept it"], ApiCompatibility.BreakingChanges(Baseline, candidate));
    }

    [Theory]
    // Inputs: the candidate receives, so it must accept every size the baseline's clients send.
    [InlineData(new long[] { 1, 512 }, new long[] { -1, 512 }, true)]
    [InlineData(new long[] { 1, 512 }, new long[] { -1, -1 }, true)]
    [InlineData(new long[] { -1, 512 }, new long[] { 8, 512 }, false)]
    [InlineData(new long[] { 1, 512 }, new long[] { 1, 512, 1 }, false)]
    [InlineData(new long[] { 1, 512 }, new long[] { 512 }, false)]
    public void BreakingChanges_InputShape_CandidateMayWidenNotNarrow(long[] before, long[] after, bool compatible)
    {
        var changes = ApiCompatibility.BreakingChanges(Model([new TensorSpec("x", "FP32", before)], []), Model([new TensorSpec("x", "FP32", after)], []));

        Assert.Equal(compatible, changes.Count == 0);
    }

    [Theory]
    // Outputs: the client receives, so the candidate may narrow a -1 but not widen a fixed size.
    [InlineData(new long[] { -1, 10 }, new long[] { 4, 10 }, true)]
    [InlineData(new long[] { 4, 10 }, new long[] { -1, 10 }, false)]
    [InlineData(new long[] { 4, 10 }, new long[] { 4, 11 }, false)]
    [InlineData(new long[] { 4, 10 }, new long[] { 40 }, false)]
    public void BreakingChanges_OutputShape_CandidateMayNarrowNotWiden(long[] before, long[] after, bool compatible)
    {
        var changes = ApiCompatibility.BreakingChanges(Model([], [new TensorSpec("y", "FP32", before)]), Model([], [new TensorSpec("y", "FP32", after)]));

        Assert.Equal(compatible, changes.Count == 0);
        if (!compatible)
        {
            Assert.StartsWith("output 'y' shape [", Assert.Single(changes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BreakingChanges_AddedOutput_IsNotBreaking()
    {
        var candidate = Baseline with { Outputs = [.. Baseline.Outputs, T("attention", "FP32", -1, 64)] };

        Assert.Empty(ApiCompatibility.BreakingChanges(Baseline, candidate));
    }

    [Fact]
    public void BreakingChanges_DatatypeComparison_IsCaseSensitiveLikeTheProtocol()
    {
        var candidate = Model([T("x", "fp32", 1)], []);

        Assert.Equal(["input 'x' datatype changed FP32 → fp32"], ApiCompatibility.BreakingChanges(Model([T("x", "FP32", 1)], []), candidate));
    }

    private static TensorSpec T(string name, string datatype, params long[] shape) => new(name, datatype, shape);

    private static ModelMetadata Model(IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs) =>
        new() { Name = "ranker", Inputs = inputs, Outputs = outputs };
}

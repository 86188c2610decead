using Warden.Core.Bundle;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// Breaking changes between two Open Inference Protocol v2 metadata documents. Baseline: inputs
/// <c>query_text</c> BYTES [-1] and <c>image</c> FP32 [-1, 3, 224, 224], output <c>scores</c>
/// FP32 [-1, 100]. Each case edits the candidate; expected lists are written by hand from the rule
/// "same name and datatype, same rank, each dimension equal or −1 in the candidate; nothing
/// removed; no new input".
/// </summary>
public sealed class ApiContractTests
{
    private static readonly TensorSpec Query = new("query_text", "BYTES", [-1]);
    private static readonly TensorSpec Image = new("image", "FP32", [-1, 3, 224, 224]);
    private static readonly TensorSpec Scores = new("scores", "FP32", [-1, 100]);

    private static readonly Dictionary<string, (TensorSpec[] Inputs, TensorSpec[] Outputs, string[] Changes)> Cases = new()
    {
        ["identical"] = ([Query, Image], [Scores], []),
        ["inputs reordered"] = ([Image, Query], [Scores], []),
        ["candidate relaxes a dimension to -1"] = ([Query, new("image", "FP32", [-1, 3, -1, -1])], [Scores], []),
        ["candidate adds an output"] = ([Query, Image], [Scores, new("embedding", "FP32", [-1, 256])], []),
        ["input removed"] = ([Query], [Scores], ["input 'image' (FP32 [-1, 3, 224, 224]) removed"]),
        ["input renamed"] = (
            [Query, new("pixels", "FP32", [-1, 3, 224, 224])],
            [Scores],
            ["input 'image' (FP32 [-1, 3, 224, 224]) removed", "new input 'pixels' (FP32 [-1, 3, 224, 224]) that baseline clients do not send"]),
        ["input datatype"] = ([new("query_text", "STRING", [-1]), Image], [Scores], ["input 'query_text': datatype BYTES → STRING"]),
        ["input datatype case"] = ([new("query_text", "bytes", [-1]), Image], [Scores], ["input 'query_text': datatype BYTES → bytes"]),
        ["input rank"] = ([Query, new("image", "FP32", [-1, 224, 224])], [Scores], ["input 'image': shape [-1, 3, 224, 224] → [-1, 224, 224]"]),
        ["input dimension"] = ([Query, new("image", "FP32", [-1, 3, 256, 256])], [Scores], ["input 'image': shape [-1, 3, 224, 224] → [-1, 3, 256, 256]"]),
        ["candidate fixes a free dimension"] = ([new("query_text", "BYTES", [8]), Image], [Scores], ["input 'query_text': shape [-1] → [8]"]),
        ["new input"] = ([Query, Image, new("locale", "BYTES", [1])], [Scores], ["new input 'locale' (BYTES [1]) that baseline clients do not send"]),
        ["output removed"] = ([Query, Image], [], ["output 'scores' (FP32 [-1, 100]) removed"]),
        ["output datatype and shape"] = ([Query, Image], [new("scores", "FP16", [-1, 50])], ["output 'scores': datatype FP32 → FP16", "output 'scores': shape [-1, 100] → [-1, 50]"]),
        ["everything, in order"] = (
            [new("image", "UINT8", [-1, 3, 224, 224]), new("locale", "BYTES", [1])],
            [],
            [
                "input 'query_text' (BYTES [-1]) removed",
                "input 'image': datatype FP32 → UINT8",
                "new input 'locale' (BYTES [1]) that baseline clients do not send",
                "output 'scores' (FP32 [-1, 100]) removed",
            ]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BreakingChanges_CandidateEdit_ListsEachChange(string name)
    {
        var (inputs, outputs, expected) = Cases[name];
        var baseline = new ModelMetadata { Name = "ranker-v1", Inputs = [Query, Image], Outputs = [Scores] };
        var candidate = new ModelMetadata { Name = "ranker-v2", Inputs = inputs, Outputs = outputs };

        Assert.Equal(expected, ApiContract.BreakingChanges(baseline, candidate).ToArray());
    }

    [Fact]
    public void ShapeText_Dimensions_AreWrittenInvariant()
    {
        Assert.Equal("[-1, 3, 224, 224]", ApiContract.ShapeText([-1, 3, 224, 224]));
        Assert.Equal("[]", ApiContract.ShapeText([]));
    }
}

using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Ranking;
using Warden.Gateway.Compliance;
using Warden.Gateway.Shadow;

namespace Warden.Gateway.Tests.Compliance;

public sealed class ComplianceLabelsTests
{
    // Item-level labels for a and b; under query "kids", a is overridden and c labelled.
    private static readonly ComplianceLabels Labels = Read("* 0 a 1\n* 0 b 0\nkids 0 a 0\nkids 0 c 1\n");

    [Theory]
    [InlineData("shoes", "a", true)] // * label
    [InlineData("shoes", "b", false)]
    [InlineData("kids", "a", false)] // the query's own label wins over *
    [InlineData("kids", "b", false)] // not under the query: falls back to *
    [InlineData("kids", "c", true)]
    [InlineData("shoes", "c", null)] // c is labelled for kids only
    [InlineData(null, "a", true)] // no query text: * labels only
    [InlineData(null, "c", null)]
    [InlineData("KIDS", "a", true)] // query text matched exactly, case included
    [InlineData("shoes", "zzz", null)]
    public void IsCompliant_QueryThenStar_LabelOrNull(string? query, string item, bool? expected)
    {
        Assert.Equal(expected, Labels.IsCompliant(query, item));
    }

    [Fact]
    public void IsCompliant_NoStarQuery_OnlyExactQueries()
    {
        var labels = Read("q1 0 a 1\n");

        Assert.Equal((true, (bool?)null), (labels.IsCompliant("q1", "a"), labels.IsCompliant("q2", "a")));
    }

    [Theory]
    [InlineData("""{"outputs":[{"data":[0.9,0.1]}]}""", nameof(ComplianceJudgment.Compliant))]
    [InlineData("""{"outputs":[{"data":[0.1,0.9]}]}""", nameof(ComplianceJudgment.NotCompliant))]
    [InlineData("""{"outputs":[{"data":[0.1,0.1,0.9]}]}""", nameof(ComplianceJudgment.Unreadable))]
    [InlineData("<html>", nameof(ComplianceJudgment.Unreadable))]
    public void Judge_Answer_Judgment(string response, string expected)
    {
        using var capture = new BodyCapture();
        capture.Append(Encoding.UTF8.GetBytes(response));

        Assert.Equal(expected, ComplianceJudge.Judge(Labels, Encoding.UTF8.GetBytes("""{"inputs":[{"name":"candidate_ids","data":["a","b"]}]}"""), capture).ToString());
    }

    [Fact]
    public void Judge_UnlabelledTopItem_Unlabelled()
    {
        using var capture = new BodyCapture();
        capture.Append("""{"outputs":[{"data":[0.9,0.1]}]}"""u8);

        Assert.Equal(ComplianceJudgment.Unlabelled, ComplianceJudge.Judge(Labels, """{"inputs":[{"name":"candidate_ids","data":["zzz","a"]}]}"""u8, capture));
    }

    [Fact]
    public void Judge_NoCaptureOrOverflowed_Unreadable()
    {
        using var overflowed = new BodyCapture();
        overflowed.Append(new byte[BodyCapture.Limit + 1]);
        var request = """{"inputs":[{"name":"candidate_ids","data":["a"]}]}"""u8;

        Assert.Equal((ComplianceJudgment.Unreadable, ComplianceJudgment.Unreadable), (ComplianceJudge.Judge(Labels, request, null), ComplianceJudge.Judge(Labels, request, overflowed)));
    }

    private static ComplianceLabels Read(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return new ComplianceLabels(QrelsReader.ReadCompliance(stream, "labels.qrels", ReadMode.Strict).Qrels, "labels.qrels");
    }
}

using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Ranking;

namespace Warden.Core.Tests.Ranking;

public sealed class QrelsReaderTests
{
    [Fact]
    public void Read_GradedJudgments_KeepsLevelsAndIgnoresIterColumn()
    {
        var qrels = TrecText.Qrels("q2 0 d1 3\r\nq1\tsome-iter d1 0\nq1 0  d2   -1\n\n# comment\nq1 0 d3 2");

        Assert.Equal(["q1", "q2"], qrels.QueryIds);
        Assert.Equal(4, qrels.JudgmentCount);
        Assert.True(qrels.TryGetJudgments("q1", out var q1));
        Assert.Equal(0, q1["d1"]);
        Assert.Equal(-1, q1["d2"]);
        Assert.Equal(2, q1["d3"]);
        Assert.False(qrels.TryGetJudgments("q9", out var none));
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("q1 0 d1 1\nq1 0 d2\n", "qrels.txt:2:8: line has 3 fields; expected 4 whitespace-separated fields: qid iter docid rel")]
    [InlineData("q1 0 d1 1 extra\n", "qrels.txt:1:11: line has 5 fields; expected 4 whitespace-separated fields: qid iter docid rel")]
    [InlineData("q1 0 d1 1\nq1 0 d2", "qrels.txt:2:8: truncated last line (no newline at end of file): 3 of 4 fields; expected 4 whitespace-separated fields: qid iter docid rel")]
    [InlineData("q1 0 d1 high\n", "qrels.txt:1:9: relevance 'high' is not an integer; expected an integer relevance level (0 = not relevant; 1, 2, ... = graded relevance)")]
    [InlineData("q1 0 d1 1.0\n", "qrels.txt:1:9: relevance '1.0' is not an integer; expected an integer relevance level (0 = not relevant; 1, 2, ... = graded relevance)")]
    [InlineData("q1 0 d1 1\nq1 0 d2 0\nq1 0 d1 2\n", "qrels.txt:3:6: duplicate judgment of document 'd1' for query 'q1' (first seen at line 1); expected each (qid, docid) pair at most once; trec_eval refuses qrels with duplicates")]
    [InlineData("", "qrels.txt:1:1: file is empty; expected at least one line 'qid iter docid rel'")]
    public void Read_BadLineStrict_ThrowsWithLocation(string text, string message)
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => TrecText.ReadQrels(text));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Read_Lenient_CountsBadLinesAndKeepsGoodOnes()
    {
        var result = TrecText.ReadQrels("q1 0 d1 1\nq1 0 d2 x\nq1 0 d1 0\nq2 0 d1 2\nq2 0\n", ReadMode.Lenient);

        Assert.Equal(3, result.Issues.Count);
        Assert.Equal([2L, 3L, 5L], result.Issues.Examples.Select(i => i.Line));
        Assert.Equal(2, result.Qrels.Evidence.RecordCount);
        Assert.Equal(3, result.Qrels.Evidence.RejectedCount);
        Assert.True(result.Qrels.TryGetJudgments("q1", out var q1));
        Assert.Equal(1, q1["d1"]);
    }

    [Fact]
    public void Read_Evidence_HashesBytesAndNamesFormat()
    {
        var bytes = Encoding.UTF8.GetBytes("q1 0 d1 1\nq1 0 d2 0\n");

        var qrels = QrelsReader.Read(new MemoryStream(bytes), "qrels/dev.txt", ReadMode.Strict).Qrels;

        Assert.Equal(EvidenceId.Of(bytes), qrels.Evidence.Id);
        Assert.Equal("trec-qrels", qrels.Evidence.Format);
        Assert.Equal("qrels/dev.txt", qrels.Evidence.Source);
        Assert.Equal(2, qrels.Evidence.RecordCount);
        Assert.Equal(bytes.Length, qrels.Evidence.ByteCount);
    }

    [Theory]
    [InlineData("q1 0 d1 2\n", "labels.txt:1:9: compliance label '2' is not 0 or 1; expected 0 (not compliant) or 1 (compliant)")]
    [InlineData("q1 0 d1 -1\n", "labels.txt:1:9: compliance label '-1' is not 0 or 1; expected 0 (not compliant) or 1 (compliant)")]
    [InlineData("q1 0 d1 yes\n", "labels.txt:1:9: compliance label 'yes' is not 0 or 1; expected 0 (not compliant) or 1 (compliant)")]
    [InlineData("q1 0 d1\n", "labels.txt:1:8: line has 3 fields; expected 4 whitespace-separated fields: qid iter docid label")]
    public void ReadCompliance_BadLabel_ThrowsWithLocation(string text, string message)
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => TrecText.ReadCompliance(text));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void ReadCompliance_ZeroAndOne_AreAcceptedAsComplianceFormat()
    {
        var labels = TrecText.ReadCompliance("q1 0 d1 1\nq1 0 d2 0\n").Qrels;

        Assert.Equal("compliance-qrels", labels.Evidence.Format);
        Assert.True(labels.TryGetJudgments("q1", out var q1));
        Assert.Equal(1, q1["d1"]);
        Assert.Equal(0, q1["d2"]);
    }
}

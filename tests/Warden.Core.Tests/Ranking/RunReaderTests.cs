using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Ranking;

namespace Warden.Core.Tests.Ranking;

public sealed class RunReaderTests
{
    [Fact]
    public void Read_EqualScores_OrdersByDocIdDescendingIgnoringRankColumn()
    {
        // trec_eval (form_res_rels.c comp_sim_docno): score descending, ties strcmp(p2, p1), i.e.
        // docid descending in byte order: "d2" > "d10" > "d1". The rank column contradicts that on purpose.
        var run = TrecText.Run("""
            q1 Q0 d1 1 2.0 tag
            q1 Q0 d10 2 2.0 tag
            q1 Q0 d2 3 2.0 tag
            q1 Q0 top 9 7.5 tag
            q1 Q0 low 4 -1 tag

            """);

        Assert.Equal(["top", "d2", "d10", "d1", "low"], TrecText.DocIds(run, "q1"));
    }

    [Fact]
    public void Read_SupplementaryCharacterTie_OrdersByUtf8BytesNotUtf16Units()
    {
        // U+1F600 is F0 9F 98 80 in UTF-8 and sorts after U+FF21 (EF BC A1) under strcmp, but its
        // UTF-16 surrogate D83D sorts before FF21 ordinally. Descending byte order puts it first.
        var run = TrecText.Run("q1 Q0 \uFF21 1 1 t\nq1 Q0 \U0001F600 2 1 t\n");

        Assert.Equal(["\U0001F600", "\uFF21"], TrecText.DocIds(run, "q1"));
    }

    [Fact]
    public void Read_CrlfTabsAndSpaceRuns_AreAccepted()
    {
        var run = TrecText.Run("q1\tQ0  d1 \t 1   3.5 tagA\r\n\r\nq2 Q0 d9 1 1e-1 tagB\r\n");

        Assert.Equal(["q1", "q2"], run.QueryIds);
        Assert.True(run.TryGetRanking("q1", out var q1));
        Assert.Equal(new RankedDocument("d1", 3.5), Assert.Single(q1));
        Assert.True(run.TryGetRanking("q2", out var q2));
        Assert.Equal(0.1, Assert.Single(q2).Score);
        Assert.Equal("tagA", run.Tag);
    }

    [Fact]
    public void Read_BlankAndCommentLines_AreSkipped()
    {
        var result = TrecText.ReadRun("# produced by bm25\n\n   \nq1 Q0 d1 1 1 t\n  # trailing note\n");

        Assert.Equal(1, result.Run.Evidence.RecordCount);
        Assert.Equal(0, result.Issues.Count);
    }

    [Fact]
    public void Read_LastLineWithoutNewline_IsAccepted()
    {
        var run = TrecText.Run("q1 Q0 d1 1 1 t\nq1 Q0 d2 2 0.5 t");

        Assert.Equal(["d1", "d2"], TrecText.DocIds(run, "q1"));
    }

    [Fact]
    public void Read_ByteOrderMark_IsNotPartOfFirstQueryId()
    {
        var run = TrecText.Run("\uFEFFq1 Q0 d1 1 1 t\n");

        Assert.Equal(["q1"], run.QueryIds);
    }

    [Theory]
    [InlineData("q1 Q0 d1 1 1 t\nq1 Q0 d2 2 0.5\n", "run.txt:2:15: line has 5 fields; expected 6 whitespace-separated fields: qid Q0 docid rank score tag")]
    [InlineData("q1 Q0 d1 1 1 t extra\n", "run.txt:1:16: line has 7 fields; expected 6 whitespace-separated fields: qid Q0 docid rank score tag")]
    [InlineData("q1 Q0 d1 1 1 t\nq1 Q0 d2", "run.txt:2:9: truncated last line (no newline at end of file): 3 of 6 fields; expected 6 whitespace-separated fields: qid Q0 docid rank score tag")]
    [InlineData("q1 Q0 d1 first 1 t\n", "run.txt:1:10: rank 'first' is not an integer; expected an integer rank such as 1 (it is not used: documents are ordered by score, as trec_eval does)")]
    [InlineData("q1 Q0 d1 1.5 1 t\n", "run.txt:1:10: rank '1.5' is not an integer; expected an integer rank such as 1 (it is not used: documents are ordered by score, as trec_eval does)")]
    [InlineData("q1 Q0 d1 1 NaN t\n", "run.txt:1:12: score 'NaN' is not a finite number; expected a finite decimal number such as 12.5 or -3.2e-1")]
    [InlineData("q1 Q0 d1 1 1,5 t\n", "run.txt:1:12: score '1,5' is not a finite number; expected a finite decimal number such as 12.5 or -3.2e-1")]
    [InlineData("q1 Q0 d1 1 1 t\nq1 Q0 d2 2 1 t\nq1 Q0 d1 3 0 t\n", "run.txt:3:7: duplicate document 'd1' for query 'q1' (first seen at line 1); expected each (qid, docid) pair at most once; trec_eval refuses a run with duplicates")]
    [InlineData("é1 Q0 d1 x 1 t\n", "run.txt:1:10: rank 'x' is not an integer; expected an integer rank such as 1 (it is not used: documents are ordered by score, as trec_eval does)")]
    public void Read_BadLineStrict_ThrowsWithLocation(string text, string message)
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => TrecText.ReadRun(text));

        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("inf")]
    [InlineData("nan")]
    [InlineData("1e400")]
    [InlineData("abc")]
    [InlineData("0x10")]
    [InlineData("1.2.3")]
    public void Read_NonFiniteOrGarbageScore_IsRejected(string score)
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => TrecText.ReadRun($"q1 Q0 d1 1 {score} t\n"));

        Assert.Equal("score", ex.Issue.Field);
        Assert.Equal(12, ex.Issue.Column);
    }

    [Fact]
    public void Read_InvalidUtf8_IsRejected()
    {
        var bytes = new byte[] { (byte)'q', 0xFF, (byte)' ', (byte)'Q', (byte)'0', (byte)' ', (byte)'d', (byte)' ', (byte)'1', (byte)' ', (byte)'1', (byte)' ', (byte)'t', (byte)'\n' };

        var ex = Assert.Throws<EvidenceFormatException>(() => RunReader.Read(new MemoryStream(bytes), "run.txt", ReadMode.Strict));

        Assert.Equal("run.txt:1:1: line is not valid UTF-8; expected UTF-8 text", ex.Message);
    }

    [Theory]
    [InlineData(ReadMode.Strict, "", "run.txt:1:1: file is empty; expected at least one line 'qid Q0 docid rank score tag'")]
    [InlineData(ReadMode.Lenient, "", "run.txt:1:1: file is empty; expected at least one line 'qid Q0 docid rank score tag'")]
    [InlineData(ReadMode.Lenient, "\n# nothing\n", "run.txt:1:1: file has only blank or comment lines; expected at least one line 'qid Q0 docid rank score tag'")]
    public void Read_NoDataLines_ThrowsInAnyMode(ReadMode mode, string text, string message)
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => TrecText.ReadRun(text, mode));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Read_Lenient_CountsBadLinesKeepsExamplesAndGoodLines()
    {
        var text = new StringBuilder();
        text.Append("q1 Q0 d1 1 2 t\n");
        for (var i = 0; i < 25; i++)
        {
            text.Append("q1 Q0 bad 1 NaN t\n");
        }

        text.Append("q1 Q0 d1 2 1 t\n");   // duplicate of line 1
        text.Append("q2 Q0 d1 1 1 t\n");
        text.Append("q2 Q0 d2 1");         // truncated

        var result = TrecText.ReadRun(text.ToString(), ReadMode.Lenient);

        Assert.Equal(27, result.Issues.Count);
        Assert.Equal(ParseIssueLog.MaxExamples, result.Issues.Examples.Count);
        Assert.Equal(2, result.Issues.Examples[0].Line);
        Assert.Equal(2, result.Run.Evidence.RecordCount);
        Assert.Equal(27, result.Run.Evidence.RejectedCount);
        Assert.Equal(["d1"], TrecText.DocIds(result.Run, "q1"));
        Assert.Equal(["d1"], TrecText.DocIds(result.Run, "q2"));
    }

    [Fact]
    public void Read_Evidence_HashesWholeFileAndNamesFormat()
    {
        var bytes = Encoding.UTF8.GetBytes("q1 Q0 d1 1 1 t\nq2 Q0 d1 1 1 t\n");
        var progress = new List<long>();

        var run = RunReader.Read(new MemoryStream(bytes), "runs/bm25.txt", ReadMode.Strict, new SynchronousProgress(progress)).Run;

        Assert.Equal(EvidenceId.Of(bytes), run.Evidence.Id);
        Assert.Equal("runs/bm25.txt", run.Evidence.Source);
        Assert.Equal("trec-run", run.Evidence.Format);
        Assert.Equal(2, run.Evidence.RecordCount);
        Assert.Equal(0, run.Evidence.RejectedCount);
        Assert.Equal(bytes.Length, run.Evidence.ByteCount);
        Assert.Equal(bytes.Length, progress[^1]);
    }

    [Fact]
    public void Read_LinesAcrossBufferBoundaries_AreAllRead()
    {
        // ~3.9 MB: several 1 MiB buffer refills, lines split across them, queries interleaved.
        var text = new StringBuilder();
        for (var i = 0; i < 150_000; i++)
        {
            text.Append("query").Append(i % 7).Append(" Q0 doc").Append(i).Append(' ').Append(i).Append(' ').Append(i % 1000).Append(" run\n");
        }

        var result = TrecText.ReadRun(text.ToString());

        Assert.Equal(150_000, result.Run.Evidence.RecordCount);
        Assert.Equal(7, result.Run.QueryIds.Count);
        Assert.True(result.Run.TryGetRanking("query3", out var ranking));
        Assert.Equal(21_429, ranking.Count);
        // Best score 999 is shared by docs 999, 1999, ... with i % 7 == 3; the largest docid in byte order wins: max("doc%d" % i for i in range(150000) if i % 7 == 3 and i % 1000 == 999).
        Assert.Equal(999, ranking[0].Score);
        Assert.Equal("doc9999", ranking[0].DocId);
    }

    [Fact]
    public void Read_DuplicateAfterManyDocuments_CitesFirstLine()
    {
        // 5,000 distinct ids force the per-query duplicate set to grow many times before the repeat.
        var text = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            text.Append("q1 Q0 d").Append(i).Append(" 1 ").Append(i).Append(" t\n");
        }

        text.Append("q1 Q0 d17 1 0 t\n");

        var ex = Assert.Throws<EvidenceFormatException>(() => TrecText.ReadRun(text.ToString()));

        Assert.Equal("run.txt:5001:7: duplicate document 'd17' for query 'q1' (first seen at line 18); expected each (qid, docid) pair at most once; trec_eval refuses a run with duplicates", ex.Message);
    }

    [Fact]
    public void TryGetRanking_View_IsReadOnlyAndBoundsChecked()
    {
        var run = TrecText.Run("q1 Q0 a 1 2 t\nq1 Q0 b 2 1 t\n");

        Assert.True(run.TryGetRanking("q1", out var ranking));
        Assert.Equal(2, ranking.Count);
        Assert.Equal(new RankedDocument("b", 1), ranking[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ranking[2]);
        Assert.False(run.TryGetRanking("q2", out var missing));
        Assert.Empty(missing);
    }

    private sealed class SynchronousProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }
}

using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Telemetry;
using static Warden.Core.Tests.Telemetry.TelemetryTestInput;

namespace Warden.Core.Tests.Telemetry;

public sealed class TelemetryReaderStreamingTests
{
    private const int MiB = 1 << 20;

    public static TheoryData<string, TelemetryFormat, string> EmptyFiles => new()
    {
        { "", TelemetryFormat.JsonLines, "file is empty" },
        { "", TelemetryFormat.Csv, "file is empty" },
        { "\uFEFF", TelemetryFormat.JsonLines, "file is empty" },
        { "\n\r\n  \n\t\n", TelemetryFormat.JsonLines, "file has only blank lines" },
        { "\uFEFF\r\n", TelemetryFormat.Csv, "file has only blank lines" },
    };

    [Theory]
    [MemberData(nameof(EmptyFiles))]
    public void Read_NoRecords_ThrowsInAnyMode(string text, TelemetryFormat format, string problem)
    {
        foreach (var mode in (ReadMode[])[ReadMode.Strict, ReadMode.Lenient])
        {
            var ex = Assert.Throws<EvidenceFormatException>(() => Read(text, format, mode, "f"));
            Assert.Equal($"f:1:1: {problem}; expected at least one record", ex.Message);
        }
    }

    [Fact]
    public void Read_LenientAllLinesBad_ReturnsZeroRecordsWithoutTime()
    {
        var (records, result) = Read("x\ny\n", TelemetryFormat.JsonLines, ReadMode.Lenient);

        Assert.Empty(records);
        Assert.Equal(2, result.Evidence.RejectedCount);
        Assert.Null(result.Evidence.From);
        Assert.Null(result.Evidence.To);
    }

    [Fact]
    public void Read_Evidence_IdIsHashOfAllBytesAndSpanIsMinMax()
    {
        // Times out of order and with offsets: 09:30+00:00 is the earliest instant, 12:00Z the latest.
        var text = "\uFEFF" + string.Join("\r\n",
            JsonLine(ts: "\"2026-11-20T11:00:00+01:00\""),
            JsonLine(ts: "\"2026-11-20T12:00:00Z\""),
            "garbage",
            JsonLine(ts: "\"2026-11-20T09:30:00Z\""),
            JsonLine(ts: "\"2026-11-20T12:30:00+02:00\"")) + "\r\n";
        var bytes = Encoding.UTF8.GetBytes(text);

        var (_, result) = Read(bytes, TelemetryFormat.JsonLines, ReadMode.Lenient, "s3://bucket/day.jsonl");

        Assert.Equal(EvidenceId.Of(bytes), result.Evidence.Id);
        Assert.Equal(bytes.Length, result.Evidence.ByteCount);
        Assert.Equal("s3://bucket/day.jsonl", result.Evidence.Source);
        Assert.Equal(4, result.Evidence.RecordCount);
        Assert.Equal(1, result.Evidence.RejectedCount);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), result.Evidence.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), result.Evidence.To);
    }

    [Fact]
    public void Read_BomBeforeBadLine_ColumnDoesNotCountBom()
    {
        var issue = SingleIssue("\uFEFF" + JsonLine(status: "700") + "\r\n", TelemetryFormat.JsonLines);

        Assert.Equal(1, issue.Line);
        Assert.Equal(76, issue.Column);
    }

    [Fact]
    public void Read_CrlfAndBlankLines_LineNumbersCountEveryPhysicalLine()
    {
        var text = "\r\n" + JsonLine() + "\r\n\r\n   \r\n" + JsonLine(status: "700") + "\r\n";

        var (records, result) = Read(text, TelemetryFormat.JsonLines, ReadMode.Lenient);

        Assert.Single(records);
        Assert.Equal(5, Assert.Single(result.Issues.Examples).Line);
    }

    [Fact]
    public void Read_LineLongerThanOneMiB_RejectedThenResyncs()
    {
        // One line of 3 MiB (beyond the largest buffer: skipped to its newline) and one of exactly
        // 1 MiB + 1 byte (fits the largest buffer with its newline, then rejected), each followed
        // by a good line; the 3 MiB line also ends in CR LF.
        var text = new StringBuilder()
            .Append(JsonLine(latency: "1")).Append('\n')
            .Append('{', 3 * MiB).Append("\r\n")
            .Append(JsonLine(latency: "2")).Append('\n')
            .Append('x', MiB + 1).Append('\n')
            .Append(JsonLine(latency: "3")).Append('\n')
            .ToString();

        var (records, result) = Read(text, TelemetryFormat.JsonLines, ReadMode.Lenient);

        Assert.Equal([1.0, 2.0, 3.0], records.Select(r => r.LatencyMs));
        Assert.Equal(2, result.Issues.Count);
        Assert.Equal("t.jsonl:2:1: the line is longer than 1 MiB (1048576 bytes); expected at most 1 MiB per line", result.Issues.Examples[0].ToString());
        Assert.Equal(4, result.Issues.Examples[1].Line);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), result.Evidence.ByteCount);
    }

    [Fact]
    public void Read_LineOfExactlyOneMiBWithCrlf_Accepted()
    {
        // Pad a valid record with an unknown property so the line is exactly 1 MiB before its CR LF.
        var prefix = "{\"pad\":\"";
        var suffix = "\"," + JsonLine()[1..];
        var line = prefix + new string('p', MiB - prefix.Length - suffix.Length) + suffix;
        Assert.Equal(MiB, line.Length);

        var (records, _) = Read(line + "\r\n" + line, TelemetryFormat.JsonLines);

        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void Read_LongLastLineWithoutNewline_Rejected()
    {
        var text = JsonLine() + "\n" + new string('y', 2 * MiB);

        var (records, result) = Read(text, TelemetryFormat.JsonLines, ReadMode.Lenient);

        Assert.Single(records);
        Assert.Equal(2, Assert.Single(result.Issues.Examples).Line);
    }

    [Theory]
    [InlineData(TelemetryFormat.JsonLines)]
    [InlineData(TelemetryFormat.Csv)]
    public void Read_StreamReturnsTinyChunks_SameRecordsAsWholeBuffer(TelemetryFormat format)
    {
        // Seeded random lines, some bad, read through reads of 1–13 bytes: every line boundary
        // falls at every position in the buffer sooner or later.
        var random = new Random(20261120);
        var text = new StringBuilder(format == TelemetryFormat.Csv ? "\uFEFFkey,ts,version,latency_ms,status,error\r\n" : "\uFEFF");
        for (var i = 0; i < 400; i++)
        {
            var latency = random.Next(-5, 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var status = random.Next(0, 8) == 0 ? "700" : "200";
            var ts = $"2026-11-20T10:{i / 60:00}:{i % 60:00}Z";
            text.Append(format == TelemetryFormat.Csv
                ? $"\"k,{i}\",{ts},v{i % 3},{latency},{status},\"e \"\"{i}\"\"\""
                : JsonLine(latency, status, $"\"{ts}\"", $"\"v{i % 3}\""));
            text.Append(random.Next(0, 2) == 0 ? "\n" : "\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var expected = Read(bytes, format, ReadMode.Lenient);
        var records = new List<RequestRecord>();

        var result = TelemetryReader.Read(new TrickleStream(bytes, new Random(7), 13), expected.Result.Evidence.Source, format, ReadMode.Lenient, records.Add);

        Assert.Equal(expected.Records, records);
        Assert.Equal(expected.Result.Evidence, result.Evidence);
        Assert.Equal(expected.Result.Issues.Examples, result.Issues.Examples);
        Assert.InRange(result.Evidence.RecordCount, 200, 399);
        Assert.Equal(400, result.Evidence.RecordCount + result.Evidence.RejectedCount);
    }

    [Fact]
    public void Read_Progress_ReportedAboutEveryMiBAndAtEnd()
    {
        var line = JsonLine() + "\n";
        var count = (5 * MiB / line.Length) + 1;
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, count)));
        var progress = new ProgressLog();

        var result = TelemetryReader.Read(new MemoryStream(bytes), "p.jsonl", TelemetryFormat.JsonLines, ReadMode.Strict, _ => { }, progress);

        Assert.Equal(count, result.Evidence.RecordCount);
        Assert.Equal(bytes.Length, progress.Reports[^1]);
        Assert.InRange(progress.Reports.Count, 5, 6);
        for (var i = 1; i < progress.Reports.Count - 1; i++)
        {
            Assert.True(progress.Reports[i] - progress.Reports[i - 1] >= MiB);
        }
    }

    [Fact]
    public void Read_SmallFile_OneProgressReport()
    {
        var progress = new ProgressLog();
        var bytes = Encoding.UTF8.GetBytes(JsonLine() + "\n");

        TelemetryReader.Read(new MemoryStream(bytes), "p.jsonl", TelemetryFormat.JsonLines, ReadMode.Strict, _ => { }, progress);

        Assert.Equal([(long)bytes.Length], progress.Reports);
    }

    [Fact]
    public void Read_NullArguments_Throw()
    {
        var stream = new MemoryStream();
        Assert.Throws<ArgumentNullException>(() => TelemetryReader.Read(null!, "s", TelemetryFormat.Csv, ReadMode.Strict, _ => { }));
        Assert.Throws<ArgumentNullException>(() => TelemetryReader.Read(stream, null!, TelemetryFormat.Csv, ReadMode.Strict, _ => { }));
        Assert.Throws<ArgumentNullException>(() => TelemetryReader.Read(stream, "s", TelemetryFormat.Csv, ReadMode.Strict, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => TelemetryReader.Read(stream, "s", (TelemetryFormat)7, ReadMode.Strict, _ => { }));
    }
}

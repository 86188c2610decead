using Warden.Core.Evidence;
using Warden.Core.Telemetry;
using static Warden.Core.Tests.Telemetry.TelemetryTestInput;

namespace Warden.Core.Tests.Telemetry;

public sealed class TelemetryReaderCsvTests
{
    private const TelemetryFormat Csv = TelemetryFormat.Csv;
    private const string Header = "ts,version,latency_ms,status\n";
    private const string FullHeader = "ts,version,latency_ms,status,ok,key,error\n";

    [Fact]
    public void Read_AllColumns_ParsesEveryField()
    {
        var (records, result) = Read(
            FullHeader
            + "2026-11-20T10:00:00.123Z,v2,23.4,200,true,u-1234,\n"
            + "2026-11-20T11:00:00+01:00,v1,0,503,false,,timeout\n",
            Csv);

        Assert.Equal(
            [
                new RequestRecord(new DateTimeOffset(2026, 11, 20, 10, 0, 0, 123, TimeSpan.Zero), "v2", 23.4, 200, true, "u-1234", null),
                new RequestRecord(new DateTimeOffset(2026, 11, 20, 11, 0, 0, TimeSpan.FromHours(1)), "v1", 0, 503, false, null, "timeout"),
            ],
            records);
        Assert.Equal("telemetry-csv", result.Evidence.Format);
        Assert.Equal(2, result.Evidence.RecordCount);
    }

    [Fact]
    public void Read_HeaderInAnotherOrderWithUnknownColumn_MapsByName()
    {
        var (records, _) = Read(" Status ,region,LATENCY_MS,ts,Version\n200,eu,23.4,2026-11-20T10:00:00Z,v2\n", Csv);

        Assert.Equal(new RequestRecord(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), "v2", 23.4, 200, null, null, null), Assert.Single(records));
    }

    [Fact]
    public void Read_QuotedFields_UnquotesCommasAndDoubledQuotes()
    {
        var (records, _) = Read(
            FullHeader + "\"2026-11-20T10:00:00Z\",\"v2\",\"23.4\",\"200\",\"1\",\"a,b\",\"said \"\"hi\"\", then \"\"bye\"\"\"\n",
            Csv);

        var record = Assert.Single(records);
        Assert.Equal("v2", record.Version);
        Assert.Equal(23.4, record.LatencyMs);
        Assert.Equal(200, record.Status);
        Assert.True(record.Ok);
        Assert.Equal("a,b", record.Key);
        Assert.Equal("said \"hi\", then \"bye\"", record.Error);
    }

    [Fact]
    public void Read_QuotedVersionWithDoubledQuote_Unescaped()
    {
        var (records, _) = Read(Header + "2026-11-20T10:00:00Z,\"v\"\"2\",1,200\n", Csv);

        Assert.Equal("v\"2", Assert.Single(records).Version);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    [InlineData("", null)]
    [InlineData("\"\"", null)]
    public void Read_OkCell_ParsedOrAbsent(string cell, bool? expected)
    {
        var (records, _) = Read(FullHeader + $"2026-11-20T10:00:00Z,v2,1,200,{cell},\"\",\n", Csv);

        var record = Assert.Single(records);
        Assert.Equal(expected, record.Ok);
        Assert.Null(record.Key);
        Assert.Null(record.Error);
    }

    [Fact]
    public void Read_NaNLatency_StrictMessage()
    {
        // 2026-11-20T10:00:00Z,v2, is 24 characters, so the latency cell starts at column 25.
        var message = StrictError(Header + "2026-11-20T10:00:00Z,v2,NaN,200\n", Csv);

        Assert.Equal("t.csv:2:25: latency_ms is not a finite number (NaN); expected a finite number >= 0", message);
    }

    [Fact]
    public void Read_Status700_StrictMessage()
    {
        // 24 characters, then 23.4, (5): the status cell starts at column 30.
        var message = StrictError(Header + "2026-11-20T10:00:00Z,v2,23.4,700\n", Csv);

        Assert.Equal("t.csv:2:30: status 700 is not an HTTP status code; expected an integer 100–599", message);
    }

    [Theory]
    [InlineData("NaN", "latency_ms is not a finite number (NaN)")]
    [InlineData("nan", "latency_ms is not a finite number (nan)")]
    [InlineData("Infinity", "latency_ms is not a finite number (Infinity)")]
    [InlineData("-inf", "latency_ms is not a finite number (-inf)")]
    [InlineData("1e400", "latency_ms is not a finite number (1e400)")]
    [InlineData("-3", "latency_ms is negative (-3)")]
    [InlineData("abc", "latency_ms \"abc\" is not a number")]
    [InlineData(" 23.4", "latency_ms \" 23.4\" is not a number")]
    [InlineData("", "latency_ms \"\" is not a number")]
    public void Read_BadLatency_ReportsProblemAtCell(string cell, string problem)
    {
        var issue = SingleIssue(Header + $"2026-11-20T10:00:00Z,v2,{cell},200\n", Csv);

        Assert.Equal(problem, issue.Problem);
        Assert.Equal("a finite number >= 0", issue.Expected);
        Assert.Equal(2, issue.Line);
        Assert.Equal(25, issue.Column);
    }

    [Theory]
    [InlineData("700", "status 700 is not an HTTP status code")]
    [InlineData("99", "status 99 is not an HTTP status code")]
    [InlineData("200.5", "status 200.5 is not an integer")]
    [InlineData("2e2", "status 2e2 is not an integer")]
    [InlineData("NaN", "status NaN is not an integer")]
    [InlineData("OK", "status \"OK\" is not a number")]
    [InlineData("", "status \"\" is not a number")]
    public void Read_BadStatus_ReportsProblemAtCell(string cell, string problem)
    {
        var issue = SingleIssue(Header + $"2026-11-20T10:00:00Z,v2,23.4,{cell}\n", Csv);

        Assert.Equal(problem, issue.Problem);
        Assert.Equal("an integer 100–599", issue.Expected);
        Assert.Equal(30, issue.Column);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00,v2,1,200", "ts \"2026-11-20T10:00:00\" is not an RFC 3339 timestamp (no time zone; add Z or an offset such as +01:00)", 1)]
    [InlineData("2026-11-31T10:00:00Z,v2,1,200", "ts \"2026-11-31T10:00:00Z\" is not an RFC 3339 timestamp (day 31 is out of range for 2026-11)", 1)]
    [InlineData(",v2,1,200", "ts \"\" is not an RFC 3339 timestamp (not in the form YYYY-MM-DDTHH:MM:SS)", 1)]
    [InlineData("2026-11-20T10:00:00Z,,1,200", "version is empty", 22)]
    [InlineData("2026-11-20T10:00:00Z,\"  \",1,200", "version is empty", 22)]
    [InlineData("2026-11-20T10:00:00Z,v\"2,1,200", "a quote inside an unquoted field", 23)]
    [InlineData("2026-11-20T10:00:00Z,\"v2\"x,1,200", "text after a closing quote", 26)]
    [InlineData("2026-11-20T10:00:00Z,v2,1", "the row has 3 fields but the header has 4", 26)]
    [InlineData("2026-11-20T10:00:00Z,v2,1,200,extra", "the row has more than 4 fields", 31)]
    [InlineData("2026-11-20T10:00:00Z,v2,1,200,", "the row has more than 4 fields", 31)]
    public void Read_BadRow_ReportsProblemAndColumn(string row, string problem, int column)
    {
        // Columns by hand: the timestamp cell is 20 characters, so the version cell starts at 22.
        var issue = SingleIssue(Header + row + "\n", Csv);

        Assert.Equal(problem, issue.Problem);
        Assert.Equal(column, issue.Column);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("2")]
    public void Read_BadOk_Rejected(string cell)
    {
        var issue = SingleIssue(FullHeader + $"2026-11-20T10:00:00Z,v2,1,200,{cell},,\n", Csv);

        Assert.Equal($"ok \"{cell}\" is not a boolean", issue.Problem);
        Assert.Equal("true, false, 1, 0 or an empty cell", issue.Expected);
        Assert.Equal(31, issue.Column);
    }

    [Fact]
    public void Read_NewlineInsideQuotedField_BothPhysicalLinesRejected()
    {
        var text = FullHeader
            + "2026-11-20T10:00:00Z,v2,1,500,false,,\"first line\n"
            + "second line\"\n"
            + "2026-11-20T10:00:01Z,v2,2,200,true,,\n";

        var (records, result) = Read(text, Csv, ReadMode.Lenient);

        Assert.Equal(2.0, Assert.Single(records).LatencyMs);
        Assert.Equal(2, result.Issues.Count);
        Assert.Equal(
            "t.csv:2:38: the quoted field is not closed on this line; expected a closing quote on the same line (fields cannot contain line breaks)",
            result.Issues.Examples[0].ToString());
        Assert.Equal(3, result.Issues.Examples[1].Line);
    }

    [Fact]
    public void Read_HeaderMissingColumns_ThrowsEvenWhenLenient()
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => Read("ts,version,ok\n2026-11-20T10:00:00Z,v2,true\n", Csv, ReadMode.Lenient));

        Assert.Equal(
            "t.csv:1:1: CSV header is missing required columns latency_ms, status; expected a header row naming ts, version, latency_ms and status (ok, key and error optional) in any order",
            ex.Message);
    }

    [Fact]
    public void Read_HeaderNamesColumnTwice_Throws()
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => Read("ts,version,latency_ms,status,Status\n", Csv, ReadMode.Lenient));

        Assert.Equal("t.csv:1:30: CSV header names column status twice; expected each column named once", ex.Message);
    }

    [Theory]
    [InlineData("ts,version,latency_ms,status\n")]
    [InlineData("ts,version,latency_ms,status")]
    [InlineData("\n\nts,version,latency_ms,status\r\n\r\n")]
    public void Read_OnlyHeader_ThrowsInAnyMode(string text)
    {
        foreach (var mode in (ReadMode[])[ReadMode.Strict, ReadMode.Lenient])
        {
            var ex = Assert.Throws<EvidenceFormatException>(() => Read(text, Csv, mode));
            Assert.Equal("file has only a CSV header", ex.Issue.Problem);
            Assert.Equal("at least one record after the header", ex.Issue.Expected);
            Assert.Equal(text.StartsWith('\n') ? 3 : 1, ex.Issue.Line);
        }
    }

    [Fact]
    public void Read_TruncatedLastLine_SaysNoNewlineAtEnd()
    {
        // The cut row 2026-11-20T10:00:00Z,v2,23 has 26 characters; the missing field is at column 27.
        var message = StrictError(Header + "2026-11-20T10:00:00Z,v2,1,200\n2026-11-20T10:00:00Z,v2,23", Csv);

        Assert.Equal(
            "t.csv:3:27: truncated last line (no newline at end of file): the row has 3 fields but the header has 4; expected 4 comma-separated fields as in the header",
            message);
    }

    [Fact]
    public void Read_BomAndCrlf_Accepted()
    {
        var (records, _) = Read("\uFEFFts,version,latency_ms,status,key\r\n2026-11-20T10:00:00Z,v2,1,200,k\r\n\r\n2026-11-20T10:00:01Z,v1,2,201,\r\n", Csv);

        Assert.Equal(2, records.Count);
        Assert.Equal("v2", records[0].Version);
        Assert.Equal("k", records[0].Key);
        Assert.Null(records[1].Key);
    }
}

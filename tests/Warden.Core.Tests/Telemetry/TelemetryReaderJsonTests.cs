using Warden.Core.Evidence;
using Warden.Core.Telemetry;
using static Warden.Core.Tests.Telemetry.TelemetryTestInput;

namespace Warden.Core.Tests.Telemetry;

public sealed class TelemetryReaderJsonTests
{
    private const TelemetryFormat Json = TelemetryFormat.JsonLines;

    [Fact]
    public void Read_TypicalLine_ParsesEveryField()
    {
        var (records, result) = Read(
            "{\"ts\":\"2026-11-20T10:00:00.123Z\",\"version\":\"v2\",\"latency_ms\":23.4,\"status\":200,\"ok\":true,\"key\":\"u-1234\"}\n"
            + "{\"ts\":\"2026-11-20T11:00:00+01:00\",\"version\":\"v1\",\"latency_ms\":0,\"status\":503,\"ok\":false,\"error\":\"timeout\"}\n",
            Json);

        Assert.Equal(2, records.Count);
        Assert.Equal(
            new RequestRecord(new DateTimeOffset(2026, 11, 20, 10, 0, 0, 123, TimeSpan.Zero), "v2", 23.4, 200, true, "u-1234", null),
            records[0]);
        Assert.Equal(
            new RequestRecord(new DateTimeOffset(2026, 11, 20, 11, 0, 0, TimeSpan.FromHours(1)), "v1", 0, 503, false, null, "timeout"),
            records[1]);
        Assert.Equal(TimeSpan.FromHours(1), records[1].Timestamp.Offset);
        Assert.Equal(2, result.Evidence.RecordCount);
        Assert.Equal(0, result.Evidence.RejectedCount);
        Assert.Equal("telemetry-jsonl", result.Evidence.Format);
        Assert.Equal("t.jsonl", result.Evidence.Source);
    }

    [Fact]
    public void Read_SameVersionOnManyLines_ReturnsOneStringInstance()
    {
        var (records, _) = Read(JsonLine() + "\n" + JsonLine() + "\n" + JsonLine(version: "\"v\\u0032\"") + "\n", Json);

        Assert.Same(records[0].Version, records[1].Version);
        Assert.Equal("v2", records[2].Version);
    }

    [Fact]
    public void Read_UnknownPropertiesAndNulls_IgnoredAndAbsent()
    {
        var line = "{\"region\":\"eu\",\"ts\":\"2026-11-20T10:00:00Z\",\"trace\":{\"spans\":[1,{\"a\":[]}]},\"version\":\"v2\","
            + "\"latency_ms\":1.5e1,\"status\":404,\"ok\":null,\"key\":null,\"error\":null,\"tags\":[\"x\"]}\n";

        var (records, _) = Read(line, Json);

        Assert.Equal(new RequestRecord(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), "v2", 15, 404, null, null, null), Assert.Single(records));
    }

    [Fact]
    public void Read_FractionalSecondsBeyondTicks_Truncated()
    {
        var (records, _) = Read(JsonLine(ts: "\"2026-11-20T10:00:00.123456789-05:30\"") + "\n", Json);

        // 0.123456789 s truncated to 7 digits = 1,234,567 ticks; offset -05:30.
        var expected = new DateTimeOffset(new DateTime(2026, 11, 20, 10, 0, 0).AddTicks(1_234_567), new TimeSpan(-5, -30, 0));
        Assert.Equal(expected, records[0].Timestamp);
        Assert.Equal(expected.Offset, records[0].Timestamp.Offset);
    }

    [Fact]
    public void Read_NaNLatency_StrictMessageNamesColumn()
    {
        // JsonLine puts latency_ms's value after 61 characters: {"ts":"2026-11-20T10:00:00.123Z","version":"v2","latency_ms":
        var message = StrictError(JsonLine(latency: "NaN") + "\n", Json);

        Assert.Equal("t.jsonl:1:62: latency_ms is not a finite number (NaN); expected a finite number >= 0", message);
    }

    [Fact]
    public void Read_Status700_StrictMessage()
    {
        // 61 characters, then 23.4 (4) and ,"status": (10): the status value starts at column 76.
        var message = StrictError(JsonLine(status: "700") + "\n", Json);

        Assert.Equal("t.jsonl:1:76: status 700 is not an HTTP status code; expected an integer 100–599", message);
    }

    [Fact]
    public void Read_MalformedJson_SaysWhatTheJsonReaderSaidWithColumn()
    {
        // Line 2: 44 characters before the stray comma ({"ts":"2026-11-20T10:00:00Z", is 29, "version":"v2", is 15).
        var text = JsonLine() + "\n{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\",,\"latency_ms\":1,\"status\":200}\n";

        var message = StrictError(text, Json);

        Assert.Equal("t.jsonl:2:45: malformed JSON: ',' is an invalid start of a property name. Expected a '\"'; expected one JSON object per line", message);
    }

    [Fact]
    public void Read_TruncatedLastLine_SaysNoNewlineAtEnd()
    {
        // The cut line {"ts":"2026-11-20T10:00:00.123Z","version":"v2","lat has 52 characters; the reader stops at 53.
        var text = JsonLine() + "\n{\"ts\":\"2026-11-20T10:00:00.123Z\",\"version\":\"v2\",\"lat";

        var message = StrictError(text, Json);

        Assert.Equal(
            "t.jsonl:2:53: truncated last line (no newline at end of file): malformed JSON: Expected end of string, but instead reached end of data; expected one JSON object per line",
            message);
    }

    [Fact]
    public void Read_LastLineWithoutNewlineThatParses_IsARecord()
    {
        var (records, result) = Read(JsonLine() + "\n" + JsonLine(latency: "5"), Json);

        Assert.Equal(2, records.Count);
        Assert.Equal(5, records[1].LatencyMs);
        Assert.Equal(0, result.Issues.Count);
    }

    [Fact]
    public void Read_MissingRequiredFields_ListsThemAtColumnOne()
    {
        var message = StrictError("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\"}\n", Json);

        Assert.Equal("t.jsonl:1:1: missing required fields latency_ms, status; expected ts, version, latency_ms and status on every record", message);
    }

    [Theory]
    [InlineData("NaN", "latency_ms is not a finite number (NaN)", "NaN")]
    [InlineData("Infinity", "latency_ms is not a finite number (Infinity)", "Infinity")]
    [InlineData("-Infinity", "latency_ms is not a finite number (-Infinity)", "-Infinity")]
    [InlineData("\"NaN\"", "latency_ms is not a finite number (NaN)", "\"NaN\"")]
    [InlineData("\"-Infinity\"", "latency_ms is not a finite number (-Infinity)", "\"-Infinity\"")]
    [InlineData("1e400", "latency_ms is not a finite number (1e400)", "1e400")]
    [InlineData("-3", "latency_ms is negative (-3)", "-3")]
    [InlineData("-0.25", "latency_ms is negative (-0.25)", "-0.25")]
    [InlineData("\"23.4\"", "latency_ms is a string", "\"23.4\"")]
    [InlineData("true", "latency_ms is a boolean", "true")]
    [InlineData("null", "latency_ms is null", "null")]
    [InlineData("[1]", "latency_ms is an array", "[1]")]
    public void Read_BadLatency_ReportsProblemAtValue(string latency, string problem, string valueText)
    {
        var line = JsonLine(latency: latency);

        var issue = SingleIssue(line + "\n", Json);

        Assert.Equal(problem, issue.Problem);
        Assert.Equal("a finite number >= 0", issue.Expected);
        Assert.Equal("latency_ms", issue.Field);
        Assert.Equal(line.IndexOf("\"latency_ms\":", StringComparison.Ordinal) + 14, issue.Column);
        Assert.Equal(line.IndexOf(valueText, StringComparison.Ordinal) + 1, issue.Column);
    }

    [Theory]
    [InlineData("700", "status 700 is not an HTTP status code")]
    [InlineData("99", "status 99 is not an HTTP status code")]
    [InlineData("600", "status 600 is not an HTTP status code")]
    [InlineData("-200", "status -200 is not an HTTP status code")]
    [InlineData("200.5", "status 200.5 is not an integer")]
    [InlineData("2e2", "status 2e2 is not an integer")]
    [InlineData("99999999999", "status 99999999999 is not an integer")]
    [InlineData("NaN", "status NaN is not an integer")]
    [InlineData("\"200\"", "status is a string")]
    [InlineData("null", "status is null")]
    public void Read_BadStatus_ReportsProblem(string status, string problem)
    {
        var line = JsonLine(status: status);

        var issue = SingleIssue(line + "\n", Json);

        Assert.Equal(problem, issue.Problem);
        Assert.Equal("an integer 100–599", issue.Expected);
        Assert.Equal(line.IndexOf(status, line.IndexOf("\"status\":", StringComparison.Ordinal), StringComparison.Ordinal) + 1, issue.Column);
    }

    [Theory]
    [InlineData("\"2026-11-20T10:00:00\"", "no time zone; add Z or an offset such as +01:00")]
    [InlineData("\"2026-11-20\"", "not in the form YYYY-MM-DDTHH:MM:SS")]
    [InlineData("\"2026-11-20 10:00:00Z\"", "not in the form YYYY-MM-DDTHH:MM:SS")]
    [InlineData("\"20261120T100000Z\"", "not in the form YYYY-MM-DDTHH:MM:SS")]
    [InlineData("\"2026-13-20T10:00:00Z\"", "month 13 is out of range")]
    [InlineData("\"2026-02-29T10:00:00Z\"", "day 29 is out of range for 2026-02")]
    [InlineData("\"2026-11-20T24:00:00Z\"", "hour 24 is out of range")]
    [InlineData("\"2026-12-31T23:59:60Z\"", "leap second :60 is not supported")]
    [InlineData("\"2026-11-20T10:00:00.Z\"", "no digits after the decimal point")]
    [InlineData("\"2026-11-20T10:00:00+15:00\"", "offset beyond ±14:00")]
    [InlineData("\"2026-11-20T10:00:00+0100\"", "the time zone is not Z or an offset such as +01:00")]
    [InlineData("\"0001-01-01T00:30:00+01:00\"", "outside the years 0001–9999 in UTC")]
    public void Read_BadTimestamp_SaysWhy(string ts, string reason)
    {
        var line = JsonLine(ts: ts);

        var issue = SingleIssue(line + "\n", Json);

        Assert.Equal($"ts {ts} is not an RFC 3339 timestamp ({reason})", issue.Problem);
        Assert.Equal("ts", issue.Field);
        Assert.Equal(7, issue.Column);
    }

    [Theory]
    [InlineData("\"2028-02-29T23:59:59.9999999Z\"", 2028, 2, 29, 23, 59, 59, 9_999_999, 0)]
    [InlineData("\"2026-11-20t10:00:00z\"", 2026, 11, 20, 10, 0, 0, 0, 0)]
    [InlineData("\"2026-11-20T10:00:00.5-00:00\"", 2026, 11, 20, 10, 0, 0, 5_000_000, 0)]
    [InlineData("\"2026-11-20T10:00:00+14:00\"", 2026, 11, 20, 10, 0, 0, 0, 14 * 60)]
    [InlineData("\"2026-11-20T10:00:00\\u002B01:00\"", 2026, 11, 20, 10, 0, 0, 0, 60)]
    public void Read_ValidTimestampForms_Accepted(string ts, int y, int mo, int d, int h, int mi, int s, long ticks, int offsetMinutes)
    {
        var (records, _) = Read(JsonLine(ts: ts) + "\n", Json);

        var expected = new DateTimeOffset(new DateTime(y, mo, d, h, mi, s).AddTicks(ticks), TimeSpan.FromMinutes(offsetMinutes));
        Assert.Equal(expected.UtcTicks, records[0].Timestamp.UtcTicks);
        Assert.Equal(expected.Offset, records[0].Timestamp.Offset);
    }

    [Theory]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"\",\"latency_ms\":1,\"status\":200}", "version is empty", 40)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"  \",\"latency_ms\":1,\"status\":200}", "version is empty", 40)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":2,\"latency_ms\":1,\"status\":200}", "version is a number", 40)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":null,\"latency_ms\":1,\"status\":200}", "version is null", 40)]
    [InlineData("{\"ts\":1763632800,\"version\":\"v2\",\"latency_ms\":1,\"status\":200}", "ts is a number", 7)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\",\"latency_ms\":1,\"status\":200,\"ok\":\"yes\"}", "ok is a string", 78)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\",\"latency_ms\":1,\"status\":200,\"key\":5}", "key is a number", 79)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\",\"latency_ms\":1,\"status\":200,\"error\":true}", "error is a boolean", 81)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\",\"latency_ms\":1,\"status\":200,\"key\":\"\\udc00\"}", "key is not valid UTF-8", 79)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"status\":200,\"version\":\"v2\",\"latency_ms\":1,\"status\":201}", "field status appears twice", 73)]
    [InlineData("[1,2]", "the line is an array, not a JSON object", 1)]
    [InlineData("  \"text\"", "the line is a string, not a JSON object", 3)]
    [InlineData("{\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\",\"latency_ms\":1,\"status\":200} x", "malformed JSON: 'x' is invalid after a single JSON value. Expected end of data", 74)]
    [InlineData("{'ts':1}", "malformed JSON: ''' is an invalid start of a property name. Expected a '\"'", 2)]
    public void Read_WrongTypeOrShape_ReportsProblemAndColumn(string line, string problem, int column)
    {
        // Columns counted by hand: {"ts": is 6 characters, "2026-11-20T10:00:00Z", 23 more (29),
        // "version": 10 more (39), "v2", 5 more (44), "latency_ms":1, 15 more (59), "status":200, 13 more
        // (72 before ok/key/error); "ok": adds 5, "key": 6, "error": 8 before their values.
        var issue = SingleIssue(line + "\n", Json);

        Assert.Equal(problem, issue.Problem);
        Assert.Equal(column, issue.Column);
    }

    [Fact]
    public void Read_MultiByteCharactersBeforeValue_ColumnCountsCharacters()
    {
        // "ключ-ü" is 6 characters but 11 UTF-8 bytes; the column counts characters.
        var line = "{\"key\":\"ключ-ü\",\"ts\":\"2026-11-20T10:00:00Z\",\"version\":\"v2\",\"latency_ms\":1,\"status\":700}";

        var issue = SingleIssue(line + "\n", Json);

        Assert.Equal(line.IndexOf("700", StringComparison.Ordinal) + 1, issue.Column);
        Assert.Equal(84, issue.Column);
    }

    [Fact]
    public void Read_Lenient_CountsBadLinesKeepsGoodOnes()
    {
        var text = string.Join("\n",
            JsonLine(),
            JsonLine(latency: "NaN"),
            "",
            JsonLine(status: "700"),
            "not json",
            JsonLine(latency: "7"),
            "   ",
            JsonLine(latency: "-1")) + "\n";

        var (records, result) = Read(text, Json, ReadMode.Lenient);

        Assert.Equal([23.4, 7.0], records.Select(r => r.LatencyMs));
        Assert.Equal(2, result.Evidence.RecordCount);
        Assert.Equal(4, result.Evidence.RejectedCount);
        Assert.Equal([2L, 4L, 5L, 8L], result.Issues.Examples.Select(i => i.Line));
    }

    [Fact]
    public void Read_LenientManyBadLines_KeepsTwentyExamples()
    {
        var text = string.Concat(Enumerable.Repeat(JsonLine(status: "42") + "\n", 30)) + JsonLine() + "\n";

        var (records, result) = Read(text, Json, ReadMode.Lenient);

        Assert.Single(records);
        Assert.Equal(30, result.Issues.Count);
        Assert.Equal(ParseIssueLog.MaxExamples, result.Issues.Examples.Count);
        Assert.Equal("t.jsonl:20:76: status 42 is not an HTTP status code; expected an integer 100–599", result.Issues.Examples[^1].ToString());
    }
}

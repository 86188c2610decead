using System.Text;

namespace Warden.Core.Telemetry;

/// <summary>Field names, expectations and small UTF-8 helpers shared by the JSON and CSV parsers.</summary>
internal static class TelemetryText
{
    public const string TsName = "ts";
    public const string VersionName = "version";
    public const string LatencyName = "latency_ms";
    public const string StatusName = "status";
    public const string OkName = "ok";
    public const string KeyName = "key";
    public const string ErrorName = "error";

    public const string ExpectTimestamp = "an RFC 3339 timestamp with Z or an offset, e.g. 2026-11-20T10:00:00.123Z";
    public const string ExpectVersion = "a non-empty model version string";
    public const string ExpectLatency = "a finite number >= 0";
    public const string ExpectStatus = "an integer 100–599";
    public const string ExpectOk = "true or false";
    public const string ExpectText = "a string";

    /// <summary>Longest value quoted in a message, so one huge field cannot flood the report.</summary>
    private const int MaxShownChars = 40;

    /// <summary>
    /// 1-based column of <paramref name="byteOffset"/>: the number of Unicode characters (code
    /// points) before it plus one, so a multi-byte character counts as one column.
    /// </summary>
    public static int Column(ReadOnlySpan<byte> line, int byteOffset)
    {
        var end = Math.Clamp(byteOffset, 0, line.Length);
        var column = 1;
        foreach (var b in line[..end])
        {
            // UTF-8 continuation bytes are 10xxxxxx; every other byte starts a character.
            if ((b & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return column;
    }

    /// <summary>The raw bytes as text for a message, cut to a readable length.</summary>
    public static string Show(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        return text.Length <= MaxShownChars ? text : string.Concat(text.AsSpan(0, MaxShownChars - 3), "...");
    }

    /// <summary>True when the line holds only spaces and tabs (a blank line, skipped by readers).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    /// <summary>True for the spellings of NaN and infinity that JSON and CSV writers emit.</summary>
    public static bool IsNonFiniteWord(ReadOnlySpan<byte> text)
    {
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            text = text[1..];
        }

        return System.Text.Ascii.EqualsIgnoreCase(text, "nan"u8)
            || System.Text.Ascii.EqualsIgnoreCase(text, "infinity"u8)
            || System.Text.Ascii.EqualsIgnoreCase(text, "inf"u8);
    }

    public static LineProblem NotFinite(int offset, ReadOnlySpan<byte> raw) =>
        new(offset, LatencyName, $"{LatencyName} is not a finite number ({Show(raw)})", ExpectLatency);

    public static LineProblem Negative(int offset, double value) =>
        new(offset, LatencyName, FormattableString.Invariant($"{LatencyName} is negative ({value:R})"), ExpectLatency);

    public static LineProblem StatusOutOfRange(int offset, int status) =>
        new(offset, StatusName, FormattableString.Invariant($"{StatusName} {status} is not an HTTP status code"), ExpectStatus);

    public static LineProblem StatusNotInteger(int offset, ReadOnlySpan<byte> raw) =>
        new(offset, StatusName, $"{StatusName} {Show(raw)} is not an integer", ExpectStatus);

    public static LineProblem EmptyVersion(int offset) =>
        new(offset, VersionName, $"{VersionName} is empty", ExpectVersion);

    public static LineProblem NotUtf8(int offset, string field) =>
        new(offset, field, $"{field} is not valid UTF-8", "UTF-8 text");

    public static LineProblem BadTimestamp(int offset, ReadOnlySpan<byte> raw, string reason) =>
        new(offset, TsName, $"{TsName} \"{Show(raw)}\" is not an RFC 3339 timestamp ({reason})", ExpectTimestamp);

    public static LineProblem Missing(List<string> fields, string expected)
    {
        var noun = fields.Count == 1 ? "field" : "fields";
        return new LineProblem(0, fields.Count == 1 ? fields[0] : null, $"missing required {noun} {string.Join(", ", fields)}", expected);
    }
}

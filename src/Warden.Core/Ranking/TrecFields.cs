using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>
/// Field-level helpers shared by the TREC qrels and run readers: whitespace splitting the way
/// trec_eval does it (C <c>isspace</c>: space, tab, CR, LF, VT, FF; runs count as one), number
/// parsing straight from UTF-8 bytes, and issue building with character columns.
/// </summary>
internal static class TrecFields
{
    private const int MaxShownChars = 40;

    public static bool IsSpace(byte b) => b == (byte)' ' || (uint)(b - 9) <= 4;

    /// <summary>
    /// Splits <paramref name="line"/> into whitespace-separated fields. Returns how many fields the
    /// line has; only the first <c>fields.Length</c> are stored.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (true)
        {
            while (i < line.Length && IsSpace(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                return count;
            }

            var start = i;
            while (i < line.Length && !IsSpace(line[i]))
            {
                i++;
            }

            if (count < fields.Length)
            {
                fields[count] = new Range(start, i);
            }

            count++;
        }
    }

    /// <summary>Blank lines and <c>#</c> comment lines carry no record (trec_eval skips both).</summary>
    public static bool IsBlankOrComment(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length && IsSpace(line[i]))
        {
            i++;
        }

        return i == line.Length || line[i] == (byte)'#';
    }

    public static bool TryParseInt32(ReadOnlySpan<byte> field, out int value) =>
        int.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt64(ReadOnlySpan<byte> field, out long value) =>
        long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDouble(ReadOnlySpan<byte> field, out double value) =>
        double.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    public static bool IsValidUtf8(ReadOnlySpan<byte> line) => Utf8.IsValid(line);

    /// <summary>1-based character column of byte <paramref name="byteOffset"/> (UTF-8 continuation bytes do not count).</summary>
    public static int Column(ReadOnlySpan<byte> line, int byteOffset)
    {
        var column = 1;
        var end = Math.Min(byteOffset, line.Length);
        for (var i = 0; i < end; i++)
        {
            if ((line[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return column;
    }

    /// <summary>The field as text for a message, cut short when it is long.</summary>
    public static string Show(ReadOnlySpan<byte> field)
    {
        var text = Encoding.UTF8.GetString(field);
        return text.Length <= MaxShownChars ? text : string.Concat(text.AsSpan(0, MaxShownChars), "...");
    }

    /// <summary>
    /// Reports a line whose field count is wrong, calling a short last line without a newline what
    /// it almost always is: a file cut off while being written.
    /// </summary>
    public static void ReportFieldCount(ParseIssueLog log, string source, TrecLineScanner scanner, ReadOnlySpan<byte> line, ReadOnlySpan<Range> fields, int count, int expectedCount, string layout)
    {
        var expected = $"{expectedCount} whitespace-separated fields: {layout}";
        if (count > expectedCount)
        {
            var extra = fields[expectedCount].Start.Value;
            log.Report(ParseIssue.At(source, scanner.LineNumber, Column(line, extra), null, $"line has {count} fields", expected));
            return;
        }

        // Too few: point just past the last field, where the next one should start.
        var end = fields[count - 1].End.Value;
        var problem = scanner.LineEndedWithNewline
            ? $"line has {count} fields"
            : $"truncated last line (no newline at end of file): {count} of {expectedCount} fields";
        log.Report(ParseIssue.At(source, scanner.LineNumber, Column(line, end), null, problem, expected));
    }

    /// <summary>Throws for a file with no record at all, in any read mode: there is nothing to evaluate.</summary>
    public static void ThrowIfNoDataLines(bool sawDataLine, long bytesRead, string source, string layout)
    {
        if (sawDataLine)
        {
            return;
        }

        var problem = bytesRead == 0 ? "file is empty" : "file has only blank or comment lines";
        throw new EvidenceFormatException(ParseIssue.At(source, 1, 1, null, problem, $"at least one line '{layout}'"));
    }
}

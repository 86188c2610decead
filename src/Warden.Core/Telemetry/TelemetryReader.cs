using Warden.Core.Evidence;

namespace Warden.Core.Telemetry;

/// <summary>
/// Streams request telemetry (JSON Lines or CSV) into <see cref="RequestRecord"/>s in one pass
/// that also hashes the bytes for the evidence id. Memory stays bounded by the longest line
/// (at most 1 MiB), whatever the file size.
/// </summary>
/// <remarks>
/// Blank lines are skipped, a UTF-8 BOM and CRLF line ends are accepted. Every bad line is
/// reported as <c>file:line:column: problem; expected ...</c> where the column is the 1-based
/// character position of the offending value; strict mode throws at the first, lenient mode
/// counts them all. Unknown JSON properties and CSV columns are ignored, so writers can add
/// fields without breaking readers. Compressed input is not decoded here.
/// </remarks>
public static class TelemetryReader
{
    /// <summary>Longest accepted line, without its line terminator.</summary>
    internal const int MaxLineBytes = 1 << 20;

    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>
    /// Reads all records from <paramref name="stream"/>, calling <paramref name="onRecord"/>
    /// for each accepted one in file order.
    /// </summary>
    /// <param name="stream">The file's bytes, read to the end; the caller keeps ownership.</param>
    /// <param name="source">Path or URI as the user gave it, used in messages and provenance.</param>
    /// <param name="format">JSON Lines or CSV.</param>
    /// <param name="mode">Strict: throw <see cref="EvidenceFormatException"/> at the first bad line. Lenient: count and go on.</param>
    /// <param name="onRecord">Receives each accepted record.</param>
    /// <param name="bytesRead">Optional progress: total bytes read so far, about every 1 MB and once at the end.</param>
    /// <returns>Provenance (id, counts, bytes, time span) and the bad-line log.</returns>
    /// <exception cref="EvidenceFormatException">
    /// In any mode when the file holds no records (empty, blank, or only a CSV header) or the
    /// CSV header is invalid; in strict mode at the first bad line.
    /// </exception>
    public static TelemetryReadResult Read(
        Stream stream,
        string source,
        TelemetryFormat format,
        ReadMode mode,
        Action<RequestRecord> onRecord,
        IProgress<long>? bytesRead = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(onRecord);
        ITelemetryLineParser parser = format switch
        {
            TelemetryFormat.JsonLines => new JsonLineParser(),
            TelemetryFormat.Csv => new CsvLineParser(source),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Expected JsonLines or Csv."),
        };

        var issues = new ParseIssueLog(mode);
        using var hashing = new HashingStream(stream);
        var lines = new LineSplitter(hashing, InitialBufferBytes, MaxLineBytes, bytesRead);
        long records = 0;
        long firstDataLine = 0;
        var bomBytes = 0;
        var from = DateTimeOffset.MaxValue;
        var to = DateTimeOffset.MinValue;
        LineKind kind;
        while ((kind = lines.Next(out var line)) != LineKind.End)
        {
            var lineNumber = lines.LineNumber;
            if (kind == LineKind.TooLong)
            {
                firstDataLine = firstDataLine == 0 ? lineNumber : firstDataLine;
                issues.Report(ParseIssue.At(source, lineNumber, 1, null, $"the line is longer than 1 MiB ({MaxLineBytes} bytes)", "at most 1 MiB per line"));
                continue;
            }

            if (lineNumber == 1 && line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
                bomBytes = 3;
            }

            if (TelemetryText.IsBlank(line))
            {
                continue;
            }

            firstDataLine = firstDataLine == 0 ? lineNumber : firstDataLine;
            switch (parser.Parse(line, lineNumber, out var record, out var problem))
            {
                case LineOutcome.Record:
                    records++;
                    from = record.Timestamp < from ? record.Timestamp : from;
                    to = record.Timestamp > to ? record.Timestamp : to;
                    onRecord(record);
                    break;
                case LineOutcome.Rejected:
                    var text = kind == LineKind.Unterminated
                        ? "truncated last line (no newline at end of file): " + problem.Problem
                        : problem.Problem;
                    issues.Report(ParseIssue.At(source, lineNumber, TelemetryText.Column(line, problem.ByteOffset), problem.Field, text, problem.Expected));
                    break;
            }
        }

        if (firstDataLine == 0)
        {
            var what = lines.BytesRead == bomBytes ? "file is empty" : "file has only blank lines";
            throw new EvidenceFormatException(ParseIssue.At(source, 1, 1, null, what, "at least one record"));
        }

        if (records == 0 && issues.Count == 0)
        {
            // Only a CSV header was read: nothing else reaches here without a record or an issue.
            throw new EvidenceFormatException(ParseIssue.At(source, firstDataLine, 1, null, "file has only a CSV header", "at least one record after the header"));
        }

        var id = hashing.Finish();
        lines.ReportDone();
        return new TelemetryReadResult
        {
            Evidence = new EvidenceInfo
            {
                Id = id,
                Source = source,
                Format = format == TelemetryFormat.Csv ? "telemetry-csv" : "telemetry-jsonl",
                RecordCount = records,
                RejectedCount = issues.Count,
                ByteCount = hashing.BytesRead,
                From = records > 0 ? from : null,
                To = records > 0 ? to : null,
            },
            Issues = issues,
        };
    }
}

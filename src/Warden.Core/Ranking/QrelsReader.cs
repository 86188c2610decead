using System.Runtime.InteropServices;
using System.Text;
using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>
/// Reads TREC qrels: one judgment per line, <c>qid iter docid rel</c>, fields separated by runs
/// of spaces or tabs, CRLF or LF line ends, <c>rel</c> an integer (the <c>iter</c> column is
/// ignored, as in trec_eval's get_qrels.c). Blank lines and lines starting with <c>#</c> are
/// skipped. Also reads compliance labels, the same layout with <c>rel</c> 0 or 1.
/// </summary>
/// <remarks>
/// Rejected lines: a field count other than 4 (a short last line with no newline is reported as a
/// truncated file), a rel that is not an integer (or not 0/1 for compliance labels), a line that
/// is not UTF-8, and a (qid, docid) pair already judged (the first is kept; trec_eval refuses
/// such a file with "duplicate docs").
/// </remarks>
public static class QrelsReader
{
    /// <summary>Format name of relevance judgments.</summary>
    public const string FormatName = "trec-qrels";

    /// <summary>Format name of compliance labels.</summary>
    public const string ComplianceFormatName = "compliance-qrels";

    private const string Layout = "qid iter docid rel";
    private const string ComplianceLayout = "qid iter docid label";
    private const int FieldCount = 4;

    /// <summary>Reads relevance judgments (graded integer levels) from <paramref name="stream"/>; the caller keeps ownership of it.</summary>
    /// <param name="stream">The qrels file's bytes.</param>
    /// <param name="source">Path or URI to name in messages and provenance.</param>
    /// <param name="mode">Strict: throw <see cref="EvidenceFormatException"/> at the first bad line. Lenient: count and skip bad lines.</param>
    /// <param name="bytesRead">Optional progress sink, told the bytes read so far after each buffer.</param>
    /// <exception cref="EvidenceFormatException">A bad line in strict mode; an empty file in any mode.</exception>
    public static QrelsReadResult Read(Stream stream, string source, ReadMode mode, IProgress<long>? bytesRead = null) =>
        ReadCore(stream, source, mode, bytesRead, compliance: false);

    /// <summary>
    /// Reads compliance labels: the qrels layout with the last column 0 (not compliant) or 1
    /// (compliant); any other value is a bad line. Format name <c>compliance-qrels</c>.
    /// </summary>
    /// <param name="stream">The labels file's bytes.</param>
    /// <param name="source">Path or URI to name in messages and provenance.</param>
    /// <param name="mode">Strict: throw <see cref="EvidenceFormatException"/> at the first bad line. Lenient: count and skip bad lines.</param>
    /// <param name="bytesRead">Optional progress sink, told the bytes read so far after each buffer.</param>
    /// <exception cref="EvidenceFormatException">A bad line in strict mode; an empty file in any mode.</exception>
    public static QrelsReadResult ReadCompliance(Stream stream, string source, ReadMode mode, IProgress<long>? bytesRead = null) =>
        ReadCore(stream, source, mode, bytesRead, compliance: true);

    private static QrelsReadResult ReadCore(Stream stream, string source, ReadMode mode, IProgress<long>? bytesRead, bool compliance)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);

        var layout = compliance ? ComplianceLayout : Layout;
        var log = new ParseIssueLog(mode);
        using var hashing = new HashingStream(stream);
        var scanner = new TrecLineScanner(hashing, source, bytesRead);
        var queries = new Dictionary<string, Dictionary<string, Judgment>>();
        Span<Range> fields = stackalloc Range[FieldCount + 1];
        var sawDataLine = false;
        string? currentQid = null;
        Dictionary<string, Judgment>? currentDocuments = null;
        var currentQidBytes = new byte[64];
        var currentQidLength = 0;

        while (scanner.TryReadLine(out var line))
        {
            if (TrecFields.IsBlankOrComment(line))
            {
                continue;
            }

            sawDataLine = true;
            var count = TrecFields.Split(line, fields);
            if (count != FieldCount)
            {
                TrecFields.ReportFieldCount(log, source, scanner, line, fields, count, FieldCount, layout);
                continue;
            }

            if (!TrecFields.IsValidUtf8(line))
            {
                log.Report(ParseIssue.At(source, scanner.LineNumber, 1, null, "line is not valid UTF-8", "UTF-8 text"));
                continue;
            }

            var relField = line[fields[3]];
            var relColumn = TrecFields.Column(line, fields[3].Start.Value);
            if (!TrecFields.TryParseInt32(relField, out var rel))
            {
                log.Report(compliance
                    ? ComplianceLabelIssue(source, scanner.LineNumber, relColumn, relField)
                    : ParseIssue.At(
                        source, scanner.LineNumber, relColumn, "rel",
                        $"relevance '{TrecFields.Show(relField)}' is not an integer",
                        "an integer relevance level (0 = not relevant; 1, 2, ... = graded relevance)"));
                continue;
            }

            if (compliance && rel is not (0 or 1))
            {
                log.Report(ComplianceLabelIssue(source, scanner.LineNumber, relColumn, relField));
                continue;
            }

            // Judgments come grouped by query, so the previous line's query almost always matches:
            // reuse its string and dictionary instead of decoding and looking up every line.
            var qidBytes = line[fields[0]];
            if (currentDocuments is null || !qidBytes.SequenceEqual(currentQidBytes.AsSpan(0, currentQidLength)))
            {
                currentQid = Encoding.UTF8.GetString(qidBytes);
                if (!queries.TryGetValue(currentQid, out currentDocuments))
                {
                    currentDocuments = [];
                    queries.Add(currentQid, currentDocuments);
                }

                if (currentQidBytes.Length < qidBytes.Length)
                {
                    currentQidBytes = new byte[qidBytes.Length * 2];
                }

                qidBytes.CopyTo(currentQidBytes);
                currentQidLength = qidBytes.Length;
            }

            var qid = currentQid!;
            var documents = currentDocuments;

            var docId = Encoding.UTF8.GetString(line[fields[2]]);
            ref var judgment = ref CollectionsMarshal.GetValueRefOrAddDefault(documents, docId, out var seen);
            if (seen)
            {
                log.Report(ParseIssue.At(
                    source, scanner.LineNumber, TrecFields.Column(line, fields[2].Start.Value), "docid",
                    $"duplicate judgment of document '{TrecFields.Show(line[fields[2]])}' for query '{qid}' (first seen at line {judgment.Line})",
                    "each (qid, docid) pair at most once; trec_eval refuses qrels with duplicates"));
                continue;
            }

            judgment = new Judgment(rel, scanner.LineNumber);
        }

        TrecFields.ThrowIfNoDataLines(sawDataLine, scanner.BytesRead, source, layout);
        var id = hashing.Finish();
        var judgments = new Dictionary<string, Dictionary<string, int>>(queries.Count);
        long accepted = 0;
        foreach (var (qid, documents) in queries)
        {
            var levels = new Dictionary<string, int>(documents.Count);
            foreach (var (docId, judgment) in documents)
            {
                levels.Add(docId, judgment.Level);
            }

            judgments.Add(qid, levels);
            accepted += levels.Count;
        }

        var evidence = new EvidenceInfo
        {
            Id = id,
            Source = source,
            Format = compliance ? ComplianceFormatName : FormatName,
            RecordCount = accepted,
            RejectedCount = log.Count,
            ByteCount = hashing.BytesRead,
        };
        return new QrelsReadResult { Qrels = new Qrels(judgments, evidence), Issues = log };
    }

    private static ParseIssue ComplianceLabelIssue(string source, long line, int column, ReadOnlySpan<byte> field) =>
        ParseIssue.At(
            source, line, column, "label",
            $"compliance label '{TrecFields.Show(field)}' is not 0 or 1",
            "0 (not compliant) or 1 (compliant)");

    private readonly record struct Judgment(int Level, long Line);
}

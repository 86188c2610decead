using System.Text;
using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>
/// Reads a TREC run file: one retrieved document per line, <c>qid Q0 docid rank score tag</c>,
/// fields separated by runs of spaces or tabs, CRLF or LF line ends. Blank lines and lines
/// starting with <c>#</c> are skipped (as trec_eval does). The <c>Q0</c> and <c>rank</c> columns
/// are checked (rank must be an integer) but not used: trec_eval orders documents by score,
/// breaking ties by docid descending (form_res_rels.c), and so does <see cref="Run"/>.
/// </summary>
/// <remarks>
/// Rejected lines: a field count other than 6 (a short last line with no newline is reported as a
/// truncated file), a rank that is not an integer, a score that is not a finite number, a line
/// that is not UTF-8, and a (qid, docid) pair already seen (the first one is kept; trec_eval
/// refuses such a run outright). The file is read once, as a stream, and hashed on the way.
/// </remarks>
public static class RunReader
{
    /// <summary>Format name recorded in <see cref="EvidenceInfo.Format"/>.</summary>
    public const string FormatName = "trec-run";

    private const string Layout = "qid Q0 docid rank score tag";
    private const int FieldCount = 6;
    private const int MaxStackQidChars = 256;

    /// <summary>
    /// Reads the run in <paramref name="stream"/> (the caller keeps ownership of it).
    /// </summary>
    /// <param name="stream">The run file's bytes.</param>
    /// <param name="source">Path or URI to name in messages and provenance.</param>
    /// <param name="mode">Strict: throw <see cref="EvidenceFormatException"/> at the first bad line. Lenient: count and skip bad lines.</param>
    /// <param name="bytesRead">Optional progress sink, told the bytes read so far after each buffer.</param>
    /// <exception cref="EvidenceFormatException">A bad line in strict mode; an empty file in any mode.</exception>
    public static RunReadResult Read(Stream stream, string source, ReadMode mode, IProgress<long>? bytesRead = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);

        var log = new ParseIssueLog(mode);
        using var hashing = new HashingStream(stream);
        var scanner = new TrecLineScanner(hashing, source, bytesRead);
        var queries = new Dictionary<string, RunQueryBuilder>();
        var lookup = queries.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<Range> fields = stackalloc Range[FieldCount + 1];
        Span<char> qidChars = stackalloc char[MaxStackQidChars];
        var lastQidBytes = new byte[64];
        var lastQidLength = -1;
        RunQueryBuilder? last = null;
        string? tag = null;
        var sawDataLine = false;
        long accepted = 0;

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
                TrecFields.ReportFieldCount(log, source, scanner, line, fields, count, FieldCount, Layout);
                continue;
            }

            if (!TrecFields.IsValidUtf8(line))
            {
                log.Report(ParseIssue.At(source, scanner.LineNumber, 1, null, "line is not valid UTF-8", "UTF-8 text"));
                continue;
            }

            var rankField = line[fields[3]];
            if (!TrecFields.TryParseInt64(rankField, out _))
            {
                log.Report(ParseIssue.At(
                    source, scanner.LineNumber, TrecFields.Column(line, fields[3].Start.Value), "rank",
                    $"rank '{TrecFields.Show(rankField)}' is not an integer",
                    "an integer rank such as 1 (it is not used: documents are ordered by score, as trec_eval does)"));
                continue;
            }

            var scoreField = line[fields[4]];
            if (!TrecFields.TryParseDouble(scoreField, out var score) || !double.IsFinite(score))
            {
                log.Report(ParseIssue.At(
                    source, scanner.LineNumber, TrecFields.Column(line, fields[4].Start.Value), "score",
                    $"score '{TrecFields.Show(scoreField)}' is not a finite number",
                    "a finite decimal number such as 12.5 or -3.2e-1"));
                continue;
            }

            var qidBytes = line[fields[0]];
            RunQueryBuilder query;
            if (last is not null && qidBytes.SequenceEqual(lastQidBytes.AsSpan(0, lastQidLength)))
            {
                // Runs list a query's documents together, so the previous line's query is the usual hit.
                query = last;
            }
            else
            {
                query = FindOrAddQuery(queries, lookup, qidBytes, qidChars);
                if (qidBytes.Length > lastQidBytes.Length)
                {
                    lastQidBytes = new byte[qidBytes.Length * 2];
                }

                qidBytes.CopyTo(lastQidBytes);
                lastQidLength = qidBytes.Length;
                last = query;
            }

            var docIdField = line[fields[2]];
            var firstLine = query.TryAdd(docIdField, score, scanner.LineNumber);
            if (firstLine != 0)
            {
                log.Report(ParseIssue.At(
                    source, scanner.LineNumber, TrecFields.Column(line, fields[2].Start.Value), "docid",
                    $"duplicate document '{TrecFields.Show(docIdField)}' for query '{query.Id}' (first seen at line {firstLine})",
                    "each (qid, docid) pair at most once; trec_eval refuses a run with duplicates"));
                continue;
            }

            tag ??= Encoding.UTF8.GetString(line[fields[5]]);
            accepted++;
        }

        TrecFields.ThrowIfNoDataLines(sawDataLine, scanner.BytesRead, source, Layout);
        var id = hashing.Finish();
        var rankings = new Dictionary<string, RunQuery>(queries.Count);
        foreach (var (qid, query) in queries)
        {
            rankings.Add(qid, query.Build());
        }

        var evidence = new EvidenceInfo
        {
            Id = id,
            Source = source,
            Format = FormatName,
            RecordCount = accepted,
            RejectedCount = log.Count,
            ByteCount = hashing.BytesRead,
        };
        return new RunReadResult { Run = new Run(rankings, tag ?? string.Empty, evidence), Issues = log };
    }

    private static RunQueryBuilder FindOrAddQuery(
        Dictionary<string, RunQueryBuilder> queries,
        Dictionary<string, RunQueryBuilder>.AlternateLookup<ReadOnlySpan<char>> lookup,
        ReadOnlySpan<byte> qidBytes,
        Span<char> stackChars)
    {
        var maxChars = Encoding.UTF8.GetMaxCharCount(qidBytes.Length);
        var chars = maxChars <= stackChars.Length ? stackChars : new char[maxChars];
        var length = Encoding.UTF8.GetChars(qidBytes, chars);
        var qidSpan = chars[..length];
        if (!lookup.TryGetValue(qidSpan, out var query))
        {
            var qid = new string(qidSpan);
            query = new RunQueryBuilder(qid);
            queries.Add(qid, query);
        }

        return query;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Warden.Core.Evidence;
using static Warden.Core.Telemetry.TelemetryText;

namespace Warden.Core.Telemetry;

/// <summary>
/// Parses RFC 4180 CSV telemetry: the first non-blank line is a header naming the columns in any
/// order (names compared ignoring case and surrounding spaces; unknown columns are ignored for
/// forward compatibility), every later line is one record with exactly as many fields.
/// </summary>
/// <remarks>Quoting follows RFC 4180 except that a field cannot hold a line break (see <see cref="CsvRow"/>).</remarks>
internal sealed class CsvLineParser : ITelemetryLineParser
{
    private const string ExpectHeader = "a header row naming ts, version, latency_ms and status (ok, key and error optional) in any order";
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // Known columns, in this order, index the _columnOf map.
    private static readonly string[] KnownNames = [TsName, VersionName, LatencyName, StatusName, OkName, KeyName, ErrorName];
    private const int RequiredCount = 4;
    private const int TsIdx = 0, VersionIdx = 1, LatencyIdx = 2, StatusIdx = 3, OkIdx = 4, KeyIdx = 5, ErrorIdx = 6;

    private readonly string _source;
    private readonly VersionCache _versions = new();
    private readonly int[] _columnOf = new int[KnownNames.Length];
    private readonly CsvRow _row = new();
    private int _fieldCount;

    /// <summary>Creates a parser for a file named <paramref name="source"/> (header errors name it).</summary>
    public CsvLineParser(string source) => _source = source;

    /// <inheritdoc />
    public LineOutcome Parse(ReadOnlySpan<byte> line, long lineNumber, out RequestRecord record, out LineProblem problem)
    {
        record = default;
        if (_fieldCount == 0)
        {
            ReadHeader(line, lineNumber);
            problem = default;
            return LineOutcome.Header;
        }

        if (!_row.TrySplit(line, _fieldCount, out var count, out problem))
        {
            return LineOutcome.Rejected;
        }

        if (count != _fieldCount)
        {
            problem = new LineProblem(line.Length, null, $"the row has {count} fields but the header has {_fieldCount}", $"{_fieldCount} comma-separated fields as in the header");
            return LineOutcome.Rejected;
        }

        return TryRecord(line, out record, out problem) ? LineOutcome.Record : LineOutcome.Rejected;
    }

    private bool TryRecord(ReadOnlySpan<byte> line, out RequestRecord record, out LineProblem problem)
    {
        record = default;
        var tsRaw = Value(line, TsIdx);
        var at = At(TsIdx);
        if (!Rfc3339.TryParse(tsRaw, out var ts, out var reason))
        {
            problem = BadTimestamp(at, tsRaw, reason!);
            return false;
        }

        at = At(VersionIdx);
        var versionRaw = Value(line, VersionIdx);
        if (IsBlank(versionRaw))
        {
            problem = EmptyVersion(at);
            return false;
        }

        var version = _versions.Get(versionRaw);
        if (version is null)
        {
            problem = NotUtf8(at, VersionName);
            return false;
        }

        at = At(LatencyIdx);
        var latencyRaw = Value(line, LatencyIdx);
        if (!double.TryParse(latencyRaw, NumberStyle, CultureInfo.InvariantCulture, out var latency))
        {
            problem = IsNonFiniteWord(latencyRaw)
                ? NotFinite(at, latencyRaw)
                : new LineProblem(at, LatencyName, $"{LatencyName} \"{Show(latencyRaw)}\" is not a number", ExpectLatency);
            return false;
        }

        if (!double.IsFinite(latency))
        {
            problem = NotFinite(at, latencyRaw);
            return false;
        }

        if (latency < 0)
        {
            problem = Negative(at, latency);
            return false;
        }

        if (!TryStatus(line, out var status, out problem)
            || !TryOk(line, out var ok, out problem)
            || !TryText(line, KeyIdx, KeyName, out var key, out problem)
            || !TryText(line, ErrorIdx, ErrorName, out var error, out problem))
        {
            return false;
        }

        record = new RequestRecord(ts, version, latency, status, ok, key, error);
        return true;
    }

    private bool TryStatus(ReadOnlySpan<byte> line, out int status, out LineProblem problem)
    {
        var at = At(StatusIdx);
        var raw = Value(line, StatusIdx);
        problem = default;
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out status))
        {
            problem = double.TryParse(raw, NumberStyle, CultureInfo.InvariantCulture, out _) || IsNonFiniteWord(raw)
                ? StatusNotInteger(at, raw)
                : new LineProblem(at, StatusName, $"{StatusName} \"{Show(raw)}\" is not a number", ExpectStatus);
            return false;
        }

        if (status is < 100 or > 599)
        {
            problem = StatusOutOfRange(at, status);
            return false;
        }

        return true;
    }

    private bool TryOk(ReadOnlySpan<byte> line, out bool? ok, out LineProblem problem)
    {
        ok = null;
        problem = default;
        if (_columnOf[OkIdx] < 0)
        {
            return true;
        }

        var raw = Value(line, OkIdx);
        if (raw.IsEmpty)
        {
            return true;
        }

        if (Ascii.EqualsIgnoreCase(raw, "true"u8) || raw.SequenceEqual("1"u8))
        {
            ok = true;
        }
        else if (Ascii.EqualsIgnoreCase(raw, "false"u8) || raw.SequenceEqual("0"u8))
        {
            ok = false;
        }
        else
        {
            problem = new LineProblem(At(OkIdx), OkName, $"{OkName} \"{Show(raw)}\" is not a boolean", "true, false, 1, 0 or an empty cell");
            return false;
        }

        return true;
    }

    private bool TryText(ReadOnlySpan<byte> line, int idx, string name, out string? value, out LineProblem problem)
    {
        value = null;
        problem = default;
        if (_columnOf[idx] < 0)
        {
            return true;
        }

        var raw = Value(line, idx);
        if (raw.IsEmpty)
        {
            return true;
        }

        if (!Utf8.IsValid(raw))
        {
            problem = NotUtf8(At(idx), name);
            return false;
        }

        value = Encoding.UTF8.GetString(raw);
        return true;
    }

    private void ReadHeader(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (!_row.TrySplit(line, int.MaxValue, out var count, out var syntax))
        {
            Throw(lineNumber, line, syntax with { Problem = "CSV header: " + syntax.Problem });
        }

        Array.Fill(_columnOf, -1);
        for (var i = 0; i < count; i++)
        {
            var name = _row.Cell(line, i).Trim((byte)' ');
            for (var k = 0; k < KnownNames.Length; k++)
            {
                if (!Ascii.EqualsIgnoreCase(name, KnownNames[k]))
                {
                    continue;
                }

                if (_columnOf[k] >= 0)
                {
                    Throw(lineNumber, line, new LineProblem(_row.FieldStart(i), KnownNames[k], $"CSV header names column {KnownNames[k]} twice", "each column named once"));
                }

                _columnOf[k] = i;
            }
        }

        var missing = new List<string>();
        for (var k = 0; k < RequiredCount; k++)
        {
            if (_columnOf[k] < 0)
            {
                missing.Add(KnownNames[k]);
            }
        }

        if (missing.Count > 0)
        {
            var noun = missing.Count == 1 ? "column" : "columns";
            Throw(lineNumber, line, new LineProblem(0, null, $"CSV header is missing required {noun} {string.Join(", ", missing)}", ExpectHeader));
        }

        _fieldCount = count;
    }

    private void Throw(long lineNumber, ReadOnlySpan<byte> line, LineProblem problem) =>
        throw new EvidenceFormatException(new ParseIssue
        {
            Source = _source,
            Line = lineNumber,
            Column = Column(line, problem.ByteOffset),
            Field = problem.Field,
            Problem = problem.Problem,
            Expected = problem.Expected,
        });

    /// <summary>Content of the known column <paramref name="knownIdx"/> (index into <see cref="KnownNames"/>).</summary>
    private ReadOnlySpan<byte> Value(ReadOnlySpan<byte> line, int knownIdx) => _row.Cell(line, _columnOf[knownIdx]);

    private int At(int knownIdx) => _row.FieldStart(_columnOf[knownIdx]);
}

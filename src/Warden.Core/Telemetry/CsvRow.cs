namespace Warden.Core.Telemetry;

/// <summary>
/// Splits one CSV line into fields by RFC 4180 rules (quoted fields, doubled quotes inside them,
/// no quote inside an unquoted field) and remembers where each field is, without allocating
/// per line: arrays are reused and grow only with the number of columns.
/// </summary>
/// <remarks>
/// A quoted field may not contain a line break, although RFC 4180 allows it: the reader splits
/// the file at newlines before parsing, which keeps one record per physical line, lets it resync
/// at the next newline after any bad line, keeps line numbers equal to record positions and
/// bounds the memory a single record can take. No telemetry field has a reason to hold a newline,
/// so such a line is reported as a bad line (and so is its continuation line).
/// </remarks>
internal sealed class CsvRow
{
    // Where each field starts in the line (its opening quote if quoted), and where its content
    // is: in the line, or unescaped in _scratch when it had doubled quotes.
    private int[] _rawStart = [];
    private int[] _start = [];
    private int[] _length = [];
    private bool[] _inScratch = [];
    private byte[] _scratch = [];

    /// <summary>Byte offset in the line where field <paramref name="field"/> starts (its opening quote if quoted).</summary>
    public int FieldStart(int field) => _rawStart[field];

    /// <summary>Content of field <paramref name="field"/> (0-based position in the row).</summary>
    public ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> line, int field) =>
        _inScratch[field] ? _scratch.AsSpan(_start[field], _length[field]) : line.Slice(_start[field], _length[field]);

    /// <summary>
    /// Splits <paramref name="line"/> into at most <paramref name="max"/> fields; a row with more
    /// is rejected at the first extra field without scanning the rest.
    /// </summary>
    public bool TrySplit(ReadOnlySpan<byte> line, int max, out int count, out LineProblem problem)
    {
        problem = default;
        count = 0;
        var scratchUsed = 0;
        var pos = 0;
        while (true)
        {
            if (count == max)
            {
                problem = new LineProblem(pos, null, $"the row has more than {max} fields", $"{max} comma-separated fields as in the header");
                return false;
            }

            EnsureFields(count + 1);
            _rawStart[count] = pos;
            int after;
            if (pos < line.Length && line[pos] == (byte)'"')
            {
                if (!TryQuoted(line, pos, count, ref scratchUsed, out after, out problem))
                {
                    return false;
                }
            }
            else
            {
                var rest = line[pos..];
                var stop = rest.IndexOfAny((byte)',', (byte)'"');
                if (stop >= 0 && rest[stop] == (byte)'"')
                {
                    problem = new LineProblem(pos + stop, null, "a quote inside an unquoted field", "a field quoted as a whole (\"...\") with inner quotes doubled");
                    return false;
                }

                after = stop < 0 ? line.Length : pos + stop;
                _start[count] = pos;
                _length[count] = after - pos;
                _inScratch[count] = false;
            }

            count++;
            if (after >= line.Length)
            {
                return true;
            }

            if (line[after] != (byte)',')
            {
                problem = new LineProblem(after, null, "text after a closing quote", "a comma or the end of the line after a quoted field");
                return false;
            }

            pos = after + 1;
        }
    }

    private bool TryQuoted(ReadOnlySpan<byte> line, int open, int index, ref int scratchUsed, out int after, out LineProblem problem)
    {
        problem = default;
        var i = open + 1;
        var doubled = false;
        while (true)
        {
            var q = line[i..].IndexOf((byte)'"');
            if (q < 0)
            {
                after = line.Length;
                problem = new LineProblem(open, null, "the quoted field is not closed on this line", "a closing quote on the same line (fields cannot contain line breaks)");
                return false;
            }

            i += q;
            if (i + 1 < line.Length && line[i + 1] == (byte)'"')
            {
                doubled = true;
                i += 2;
                continue;
            }

            break;
        }

        after = i + 1;
        var content = line[(open + 1)..i];
        if (!doubled)
        {
            _start[index] = open + 1;
            _length[index] = content.Length;
            _inScratch[index] = false;
            return true;
        }

        if (_scratch.Length < line.Length)
        {
            // Resize keeps fields of this line already unescaped into the scratch buffer.
            Array.Resize(ref _scratch, Math.Max(line.Length, 256));
        }

        // Copy the content with each doubled quote collapsed to one.
        var start = scratchUsed;
        for (var k = 0; k < content.Length; k++)
        {
            _scratch[scratchUsed++] = content[k];
            if (content[k] == (byte)'"')
            {
                k++;
            }
        }

        _start[index] = start;
        _length[index] = scratchUsed - start;
        _inScratch[index] = true;
        return true;
    }

    private void EnsureFields(int count)
    {
        if (_start.Length >= count)
        {
            return;
        }

        var size = Math.Max(16, _start.Length * 2);
        Array.Resize(ref _rawStart, size);
        Array.Resize(ref _start, size);
        Array.Resize(ref _length, size);
        Array.Resize(ref _inScratch, size);
    }
}

namespace Warden.Core.Telemetry;

/// <summary>What <see cref="LineSplitter.Next"/> found.</summary>
internal enum LineKind
{
    /// <summary>A line ended by a newline.</summary>
    Complete,

    /// <summary>The last line of the file, with no newline after it.</summary>
    Unterminated,

    /// <summary>A line longer than the limit; its bytes were skipped up to the next newline.</summary>
    TooLong,

    /// <summary>No more lines.</summary>
    End,
}

/// <summary>
/// Cuts a stream into lines in a reusable buffer: it starts at <c>initialBytes</c> and grows
/// only while one line does not fit, up to the line limit, so memory depends on the longest
/// line and never on the file size. A longer line is skipped to the next newline so one bad
/// line cannot stop the read. A trailing carriage return is removed (CRLF files).
/// </summary>
internal sealed class LineSplitter
{
    private const long ProgressStepBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly int _maxBufferBytes;
    private readonly IProgress<long>? _progress;
    private byte[] _buffer;
    private int _start;
    private int _scan;
    private int _end;
    private bool _eof;
    private long _lastReported;

    /// <summary>Splits <paramref name="stream"/>; lines longer than <paramref name="maxLineBytes"/> (without terminator) are too long.</summary>
    public LineSplitter(Stream stream, int initialBytes, int maxLineBytes, IProgress<long>? progress)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;

        // Room for the longest accepted line plus its CR LF, so its newline can be seen.
        _maxBufferBytes = maxLineBytes + 2;
        _buffer = new byte[Math.Min(initialBytes, _maxBufferBytes)];
        _progress = progress;
    }

    /// <summary>1-based number of the line <see cref="Next"/> returned last.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Returns the next line (valid until the next call) and what kind it is.</summary>
    public LineKind Next(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scan, _end - _scan).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scan + newline;
                line = TrimCarriageReturn(_buffer.AsSpan(_start, lineEnd - _start));
                _start = _scan = lineEnd + 1;
                LineNumber++;
                return line.Length > _maxLineBytes ? LineKind.TooLong : LineKind.Complete;
            }

            _scan = _end;
            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return LineKind.End;
                }

                line = TrimCarriageReturn(_buffer.AsSpan(_start, _end - _start));
                _start = _scan = _end;
                LineNumber++;
                return line.Length > _maxLineBytes ? LineKind.TooLong : LineKind.Unterminated;
            }

            if (_end - _start >= _maxBufferBytes)
            {
                LineNumber++;
                SkipPastNewline();
                line = default;
                return LineKind.TooLong;
            }

            Fill();
        }
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>Moves the partial line to the front, grows the buffer if the line fills it, and reads more.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _scan -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(2L * _buffer.Length, _maxBufferBytes));
        }

        var n = ReadSome(_end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }

    /// <summary>Drops the buffered part of an over-long line and reads on until its newline.</summary>
    private void SkipPastNewline()
    {
        _start = _scan = _end = 0;
        while (true)
        {
            var n = ReadSome(0);
            if (n == 0)
            {
                _eof = true;
                return;
            }

            var newline = _buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = _scan = newline + 1;
                _end = n;
                return;
            }
        }
    }

    private int ReadSome(int at)
    {
        var n = _stream.Read(_buffer, at, _buffer.Length - at);
        BytesRead += n;
        if (_progress is not null && BytesRead - _lastReported >= ProgressStepBytes)
        {
            _lastReported = BytesRead;
            _progress.Report(BytesRead);
        }

        return n;
    }

    /// <summary>Reports the final byte count if the last report was earlier, so a progress bar ends at 100 %.</summary>
    public void ReportDone()
    {
        if (_progress is not null && BytesRead != _lastReported)
        {
            _lastReported = BytesRead;
            _progress.Report(BytesRead);
        }
    }
}

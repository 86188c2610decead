using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>
/// Cuts a byte stream into lines without decoding it, so the TREC readers touch each byte once
/// and allocate nothing per line. Lines are returned as spans over an internal buffer that stays
/// valid until the next call.
/// </summary>
internal sealed class TrecLineScanner
{
    // A TREC line is a few dozen bytes; a "line" this long means the file is not text.
    internal const int MaxLineBytes = 16 * 1024 * 1024;

    private const int InitialBufferBytes = 1024 * 1024;
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly string _source;
    private readonly IProgress<long>? _progress;
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _start;
    private int _end;
    private int _scanned;
    private bool _endOfStream;

    public TrecLineScanner(Stream stream, string source, IProgress<long>? progress)
    {
        _stream = stream;
        _source = source;
        _progress = progress;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>False when the line last returned was the end of the file with no newline after it.</summary>
    public bool LineEndedWithNewline { get; private set; }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Returns the next line without its <c>\n</c> (a <c>\r</c> before it stays; the field splitter treats it as space).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending[_scanned..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                newline += _scanned;
                line = pending[..newline];
                _start += newline + 1;
                _scanned = 0;
                return Return(ref line, endedWithNewline: true);
            }

            _scanned = pending.Length;
            if (_endOfStream)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = pending;
                _start = _end;
                _scanned = 0;
                return Return(ref line, endedWithNewline: false);
            }

            Fill();
        }
    }

    private bool Return(ref ReadOnlySpan<byte> line, bool endedWithNewline)
    {
        LineNumber++;
        LineEndedWithNewline = endedWithNewline;
        if (LineNumber == 1 && line.StartsWith(Utf8Bom))
        {
            // Editors on Windows prepend a byte-order mark; left in, it would become part of the
            // first query id and silently stop it matching the other file.
            line = line[Utf8Bom.Length..];
        }

        return true;
    }

    private void Fill()
    {
        var pendingLength = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pendingLength);
            _start = 0;
            _end = pendingLength;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
            {
                throw new EvidenceFormatException(new ParseIssue
                {
                    Source = _source,
                    Line = LineNumber + 1,
                    Column = 1,
                    Problem = $"line is longer than {MaxLineBytes} bytes",
                    Expected = "a text file with one short record per line",
                });
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
            return;
        }

        _end += read;
        BytesRead += read;
        _progress?.Report(BytesRead);
    }
}

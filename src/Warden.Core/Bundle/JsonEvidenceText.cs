using System.Buffers;
using System.Text;
using System.Text.Json;
using Warden.Core.Evidence;
using Warden.Core.Telemetry;

namespace Warden.Core.Bundle;

/// <summary>
/// The bytes of one small JSON evidence file (manifest, model metadata, rollback record) and the
/// helpers its reader needs to say <c>file:line:column</c> for every problem.
/// </summary>
/// <remarks>
/// The file is read whole: these files are a few kilobytes, and a whole buffer lets a problem
/// found after parsing (a wrong type, a missing field) point at the token's exact line and
/// column, which <see cref="JsonDocument"/> cannot do. <see cref="Utf8JsonReader"/> reports
/// <see cref="Utf8JsonReader.TokenStartIndex"/>; the line and column are counted from it here.
/// </remarks>
internal sealed class JsonEvidenceText
{
    /// <summary>Largest file accepted; a manifest this big is not a manifest.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    private readonly byte[] _bytes;
    private readonly int _start;
    private readonly int _length;

    private JsonEvidenceText(byte[] bytes, int start, int length, string source)
    {
        _bytes = bytes;
        _start = start;
        _length = length;
        Source = source;
    }

    /// <summary>Path or URI named in messages.</summary>
    public string Source { get; }

    private ReadOnlySpan<byte> Json => _bytes.AsSpan(_start, _length);

    /// <summary>Reads the whole stream (the caller keeps ownership of it); a UTF-8 BOM is skipped.</summary>
    public static JsonEvidenceText Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                throw new EvidenceFormatException(ParseIssue.At(
                    source, 1, 1, null, $"file is larger than {MaxBytes / (1024 * 1024)} MiB", "a small JSON document"));
            }

            buffer.Write(chunk, 0, n);
        }

        var bytes = buffer.GetBuffer();
        var length = (int)buffer.Length;
        var start = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return new JsonEvidenceText(bytes, start, length - start, source);
    }

    /// <summary>A reader over the whole document.</summary>
    public Utf8JsonReader CreateReader() => new(Json, isFinalBlock: true, new JsonReaderState(Options));

    /// <summary>Moves to the root value and checks it is an object; returns its start offset.</summary>
    public long ReadRootObject(ref Utf8JsonReader reader, string expected)
    {
        // The reader calls an empty document invalid JSON; "empty" says what is actually wrong.
        if (Json.Trim(" \t\r\n"u8).IsEmpty || !reader.Read())
        {
            throw new EvidenceFormatException(ParseIssue.At(Source, 1, 1, null, "file is empty", expected));
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error(reader.TokenStartIndex, null, $"the document is {Describe(reader.TokenType)}", expected);
        }

        return reader.TokenStartIndex;
    }

    /// <summary>Checks nothing but whitespace follows the root value.</summary>
    public void RequireEnd(ref Utf8JsonReader reader)
    {
        // With isFinalBlock the reader throws JsonException on a second value, so reaching here
        // with a token means a bug in the caller rather than in the file.
        if (reader.Read())
        {
            throw Error(reader.TokenStartIndex, null, "text follows the end of the document", "one JSON object");
        }
    }

    /// <summary>Reads a property name and moves to its value; returns the name and where it starts.</summary>
    public (string Name, long Offset) ReadPropertyName(ref Utf8JsonReader reader)
    {
        var offset = reader.TokenStartIndex;
        var name = GetString(ref reader, null);
        reader.Read();
        return (name, offset);
    }

    /// <summary>A string value, or null for JSON null.</summary>
    public string? StringOrNull(ref Utf8JsonReader reader, string field, string expected) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => GetString(ref reader, field),
        _ => throw WrongType(ref reader, field, expected),
    };

    /// <summary>A non-empty string value.</summary>
    public string RequiredString(ref Utf8JsonReader reader, string field, string expected)
    {
        var value = StringOrNull(ref reader, field, expected);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Error(reader.TokenStartIndex, field, $"{field} is {(value is null ? "null" : "empty")}", expected);
        }

        return value;
    }

    /// <summary>A JSON true or false.</summary>
    public bool Boolean(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw WrongType(ref reader, field, "true or false"),
    };

    /// <summary>A finite number ≥ 0.</summary>
    public double NonNegativeNumber(ref Utf8JsonReader reader, string field, string unit)
    {
        var expected = $"a number ≥ 0 ({unit})";
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongType(ref reader, field, expected);
        }

        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value) || value < 0)
        {
            throw Error(reader.TokenStartIndex, field, $"{field} is {Raw(ref reader)}", expected);
        }

        return value;
    }

    /// <summary>An RFC 3339 date-time string with a time zone.</summary>
    public DateTimeOffset Timestamp(ref Utf8JsonReader reader, string field)
    {
        const string Expected = "an RFC 3339 date-time with a time zone, e.g. 2026-11-20T10:00:00Z";
        if (reader.TokenType != JsonTokenType.String)
        {
            throw WrongType(ref reader, field, Expected);
        }

        var text = GetString(ref reader, field);
        if (!Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var value, out var reason))
        {
            throw Error(reader.TokenStartIndex, field, $"{field} \"{text}\" is not a valid date-time: {reason}", Expected);
        }

        return value;
    }

    /// <summary>The problem "this value has the wrong JSON type", at the value.</summary>
    public EvidenceFormatException WrongType(ref Utf8JsonReader reader, string field, string expected) =>
        Error(reader.TokenStartIndex, field, $"{field} is {Describe(reader.TokenType)}", expected);

    /// <summary>A problem at byte <paramref name="offset"/> of the document.</summary>
    public EvidenceFormatException Error(long offset, string? field, string problem, string expected)
    {
        var (line, column) = Position(offset);
        return new EvidenceFormatException(ParseIssue.At(Source, line, column, field, problem, expected));
    }

    /// <summary>Turns the reader's syntax error into a located issue.</summary>
    public EvidenceFormatException Syntax(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var line = exception.LineNumber ?? 0;
        var bytesInLine = exception.BytePositionInLine ?? 0;
        var lineStart = LineStart(line);
        var column = Characters(lineStart, lineStart + bytesInLine) + 1;
        return new EvidenceFormatException(ParseIssue.At(
            Source, line + 1, column, null, "not valid JSON: " + Clean(exception.Message), "a JSON document (RFC 8259)"));
    }

    /// <summary>The value as written in the file, for messages; long values are cut.</summary>
    public static string Raw(ref Utf8JsonReader reader)
    {
        var raw = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        if (reader.TokenType == JsonTokenType.String)
        {
            raw = "\"" + raw + "\"";
        }

        return raw.Length <= 40 ? raw : raw[..37] + "...";
    }

    /// <summary>"a string", "an array"... for messages.</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };

    private string GetString(ref Utf8JsonReader reader, string? field)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            throw Error(reader.TokenStartIndex, field, $"{field ?? "a property name"} is not valid UTF-8", "UTF-8 text");
        }
    }

    private (long Line, int Column) Position(long offset)
    {
        var json = Json;
        var end = (int)Math.Min(offset, json.Length);
        long line = 1;
        var lineStart = 0;
        for (var i = 0; i < end; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Characters(lineStart, end) + 1);
    }

    private int LineStart(long zeroBasedLine)
    {
        var json = Json;
        long line = 0;
        for (var i = 0; i < json.Length && line < zeroBasedLine; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                if (line == zeroBasedLine)
                {
                    return i + 1;
                }
            }
        }

        return 0;
    }

    // Characters, not bytes: a column counts what an editor shows, and UTF-8 continuation bytes
    // (10xxxxxx) do not start a character.
    private int Characters(long from, long to)
    {
        var json = Json;
        var end = (int)Math.Min(to, json.Length);
        var count = 0;
        for (var i = (int)from; i < end; i++)
        {
            if ((json[i] & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }

    // The reader appends " LineNumber: n | BytePositionInLine: m." (already in the location) and
    // sometimes " Path: ..."; keep the sentence only.
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        var path = text.IndexOf(" Path:", StringComparison.Ordinal);
        return (path >= 0 ? text[..path] : text).TrimEnd('.', ' ');
    }
}

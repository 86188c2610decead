using System.Text;
using System.Text.Json;
using static Warden.Core.Telemetry.TelemetryText;

namespace Warden.Core.Telemetry;

/// <summary>
/// Parses one JSON Lines record straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/>:
/// no string per line, no document tree. Unknown properties are skipped so newer writers can
/// add fields without breaking older readers; <c>null</c> for an optional field means absent.
/// </summary>
internal sealed class JsonLineParser : ITelemetryLineParser
{
    private const string ExpectObject = "one JSON object per line";
    private const string ExpectRequired = "ts, version, latency_ms and status on every record";
    private const Field Required = Field.Ts | Field.Version | Field.LatencyMs | Field.Status;

    private readonly VersionCache _versions = new();

    [Flags]
    private enum Field
    {
        None = 0,
        Ts = 1,
        Version = 2,
        LatencyMs = 4,
        Status = 8,
        Ok = 16,
        Key = 32,
        Error = 64,
    }

    /// <inheritdoc />
    public LineOutcome Parse(ReadOnlySpan<byte> line, long lineNumber, out RequestRecord record, out LineProblem problem)
    {
        record = default;
        problem = default;
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        var field = Field.None;
        var seen = Field.None;
        var nameEnd = 0;
        var valueStart = 0;
        DateTimeOffset ts = default;
        string? version = null;
        double latency = 0;
        var status = 0;
        bool? ok = null;
        string? key = null;
        string? error = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = new LineProblem((int)reader.TokenStartIndex, null, $"the line is {Describe(reader.TokenType)}, not a JSON object", ExpectObject);
                return LineOutcome.Rejected;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                field = Identify(ref reader);
                if ((seen & field) != 0)
                {
                    problem = new LineProblem((int)reader.TokenStartIndex, Name(field), $"field {Name(field)} appears twice", "each field at most once");
                    return LineOutcome.Rejected;
                }

                seen |= field;
                nameEnd = (int)reader.BytesConsumed;
                reader.Read();
                valueStart = (int)reader.TokenStartIndex;
                var accepted = field switch
                {
                    Field.Ts => TryTimestamp(ref reader, valueStart, out ts, out problem),
                    Field.Version => TryVersion(ref reader, valueStart, out version, out problem),
                    Field.LatencyMs => TryLatency(ref reader, valueStart, out latency, out problem),
                    Field.Status => TryStatus(ref reader, valueStart, out status, out problem),
                    Field.Ok => TryOk(ref reader, valueStart, out ok, out problem),
                    Field.Key => TryText(ref reader, valueStart, KeyName, out key, out problem),
                    Field.Error => TryText(ref reader, valueStart, ErrorName, out error, out problem),
                    _ => SkipUnknown(ref reader, out problem),
                };
                if (!accepted)
                {
                    return LineOutcome.Rejected;
                }

                field = Field.None;
            }

            // Anything after the closing brace other than whitespace makes Read throw.
            reader.Read();
        }
        catch (JsonException ex)
        {
            problem = FromJsonException(line, ex, field, nameEnd);
            return LineOutcome.Rejected;
        }
        catch (InvalidOperationException)
        {
            // GetString throws this when a string holds bytes that are not UTF-8.
            problem = NotUtf8(valueStart, Name(field));
            return LineOutcome.Rejected;
        }

        if ((seen & Required) != Required)
        {
            problem = MissingFields(seen);
            return LineOutcome.Rejected;
        }

        record = new RequestRecord(ts, version!, latency, status, ok, key, error);
        return LineOutcome.Record;
    }

    private static Field Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals("ts"u8) ? Field.Ts
                : reader.ValueTextEquals("version"u8) ? Field.Version
                : reader.ValueTextEquals("latency_ms"u8) ? Field.LatencyMs
                : reader.ValueTextEquals("status"u8) ? Field.Status
                : reader.ValueTextEquals("ok"u8) ? Field.Ok
                : reader.ValueTextEquals("key"u8) ? Field.Key
                : reader.ValueTextEquals("error"u8) ? Field.Error
                : Field.None;
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            2 when name[0] == (byte)'t' && name[1] == (byte)'s' => Field.Ts,
            2 when name[0] == (byte)'o' && name[1] == (byte)'k' => Field.Ok,
            3 when name.SequenceEqual("key"u8) => Field.Key,
            5 when name.SequenceEqual("error"u8) => Field.Error,
            6 when name.SequenceEqual("status"u8) => Field.Status,
            7 when name.SequenceEqual("version"u8) => Field.Version,
            10 when name.SequenceEqual("latency_ms"u8) => Field.LatencyMs,
            _ => Field.None,
        };
    }

    private static bool TryTimestamp(ref Utf8JsonReader reader, int at, out DateTimeOffset value, out LineProblem problem)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            problem = WrongType(at, TsName, reader.TokenType, ExpectTimestamp);
            return false;
        }

        // Escapes in a timestamp are legal JSON but rare; unescape through a string only then.
        var raw = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (!Rfc3339.TryParse(raw, out value, out var reason))
        {
            problem = BadTimestamp(at, raw, reason!);
            return false;
        }

        problem = default;
        return true;
    }

    private bool TryVersion(ref Utf8JsonReader reader, int at, out string? value, out LineProblem problem)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            problem = WrongType(at, VersionName, reader.TokenType, ExpectVersion);
            return false;
        }

        value = reader.ValueIsEscaped ? reader.GetString() : _versions.Get(reader.ValueSpan);
        if (value is null)
        {
            problem = NotUtf8(at, VersionName);
            return false;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            problem = EmptyVersion(at);
            return false;
        }

        problem = default;
        return true;
    }

    private static bool TryLatency(ref Utf8JsonReader reader, int at, out double value, out LineProblem problem)
    {
        value = 0;
        if (reader.TokenType == JsonTokenType.String && IsNonFiniteWord(reader.ValueSpan))
        {
            problem = NotFinite(at, reader.ValueSpan);
            return false;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            problem = WrongType(at, LatencyName, reader.TokenType, ExpectLatency);
            return false;
        }

        // TryGetDouble fails on overflow (1e400); either way the value is not a finite number.
        if (!reader.TryGetDouble(out value) || !double.IsFinite(value))
        {
            problem = NotFinite(at, reader.ValueSpan);
            return false;
        }

        if (value < 0)
        {
            problem = Negative(at, value);
            return false;
        }

        problem = default;
        return true;
    }

    private static bool TryStatus(ref Utf8JsonReader reader, int at, out int value, out LineProblem problem)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            problem = WrongType(at, StatusName, reader.TokenType, ExpectStatus);
            return false;
        }

        if (!reader.TryGetInt32(out value))
        {
            problem = StatusNotInteger(at, reader.ValueSpan);
            return false;
        }

        if (value is < 100 or > 599)
        {
            problem = StatusOutOfRange(at, value);
            return false;
        }

        problem = default;
        return true;
    }

    private static bool TryOk(ref Utf8JsonReader reader, int at, out bool? value, out LineProblem problem)
    {
        problem = default;
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        if (value is null && reader.TokenType != JsonTokenType.Null)
        {
            problem = WrongType(at, OkName, reader.TokenType, ExpectOk);
            return false;
        }

        return true;
    }

    private static bool TryText(ref Utf8JsonReader reader, int at, string name, out string? value, out LineProblem problem)
    {
        value = null;
        problem = default;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            problem = WrongType(at, name, reader.TokenType, ExpectText);
            return false;
        }

        value = reader.GetString();
        return true;
    }

    private static bool SkipUnknown(ref Utf8JsonReader reader, out LineProblem problem)
    {
        problem = default;
        reader.Skip();
        return true;
    }

    private static LineProblem FromJsonException(ReadOnlySpan<byte> line, JsonException ex, Field field, int nameEnd)
    {
        // The JSON grammar has no NaN or Infinity, so a writer that emits them bare makes the
        // reader fail on the token; name the real problem rather than the syntax error.
        if (field is Field.LatencyMs or Field.Status)
        {
            var start = ValueStartAfterName(line, nameEnd);
            var end = start;
            while (end < line.Length && line[end] is not ((byte)',' or (byte)'}' or (byte)' ' or (byte)'\t'))
            {
                end++;
            }

            var token = line[start..end];
            if (IsNonFiniteWord(token))
            {
                return field == Field.LatencyMs
                    ? NotFinite(start, token)
                    : StatusNotInteger(start, token);
            }
        }

        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        message = message.TrimEnd(' ', '.');
        var at = (int)(ex.BytePositionInLine ?? 0);
        return new LineProblem(at, null, $"malformed JSON: {message}", ExpectObject);
    }

    private static int ValueStartAfterName(ReadOnlySpan<byte> line, int nameEnd)
    {
        var i = nameEnd;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)':')
        {
            i++;
        }

        return i;
    }

    private static LineProblem MissingFields(Field seen)
    {
        var missing = new List<string>(4);
        foreach (var field in (ReadOnlySpan<Field>)[Field.Ts, Field.Version, Field.LatencyMs, Field.Status])
        {
            if ((seen & field) == 0)
            {
                missing.Add(Name(field));
            }
        }

        return Missing(missing, ExpectRequired);
    }

    private static LineProblem WrongType(int at, string name, JsonTokenType type, string expected) =>
        new(at, name, $"{name} is {Describe(type)}", expected);

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "empty",
    };

    private static string Name(Field field) => field switch
    {
        Field.Ts => TsName,
        Field.Version => VersionName,
        Field.LatencyMs => LatencyName,
        Field.Status => StatusName,
        Field.Ok => OkName,
        Field.Key => KeyName,
        Field.Error => ErrorName,
        _ => "value",
    };
}

using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Warden.Core.Privacy;

internal sealed partial class SensitiveFields
{
    /// <summary>
    /// <paramref name="json"/> with the value of every property named like a configured field or a
    /// credential header replaced by <see cref="Marker"/>, at any depth and whatever the value is
    /// (string, number, null, empty, object or array); written compact. Text that is not JSON
    /// becomes <see cref="Marker"/> as a whole: what it holds cannot be told.
    /// </summary>
    public string MaskJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 16);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            using var writer = new Utf8JsonWriter(buffer);
            while (reader.Read())
            {
                Copy(ref reader, writer);
            }

            writer.Flush();
        }
        catch (JsonException)
        {
            return Marker;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Copy(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                var name = reader.GetString()!;
                writer.WritePropertyName(name);
                if (IsSensitive(name) || IsCredentialHeader(name))
                {
                    reader.Read();
                    reader.Skip();
                    writer.WriteStringValue(Marker);
                }

                break;
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(reader.GetString());
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                writer.WriteBooleanValue(reader.GetBoolean());
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warden.Core.Reports;

/// <summary>
/// The one JSON style of every <c>--json</c> output: snake_case names, indented, nulls kept so a
/// reader sees that a value is absent rather than forgotten.
/// </summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same style on one line: JSON lines, audit payload details, a stream's events.</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    public static void Write<T>(TextWriter output, T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, Options));
    }
}

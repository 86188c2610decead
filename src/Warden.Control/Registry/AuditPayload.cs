using System.Text.Json;

namespace Warden.Registry;

/// <summary>Compact snake_case JSON for audit event payloads.</summary>
internal static class AuditPayload
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace Warden.Audit;

/// <summary>
/// The <c>attests</c> member of an event payload: <c>[{"table":…,"row":…,"sha256":…}]</c>, one entry
/// per state row the event wrote. It is part of the hashed payload, so the chain vouches for it.
/// </summary>
internal static class StateAttestations
{
    /// <summary>The payload member's name.</summary>
    public const string Member = "attests";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><paramref name="payload"/> (a compact JSON object) with <c>attests</c> added as its last member.</summary>
    public static string AddTo(string payload, IReadOnlyList<StateAttestation> attestations)
    {
        var body = payload.TrimEnd();
        if (!body.EndsWith('}'))
        {
            throw new ArgumentException($"an event payload that attests rows must be a JSON object; got {payload}", nameof(payload));
        }

        var entries = JsonSerializer.Serialize(attestations.Select(a => new Entry(a.Row.Table, a.Row.Row, a.Sha256)), Options);
        var open = body[..^1].TrimEnd();
        var separator = open.EndsWith('{') ? string.Empty : ",";
        return $"{open}{separator}\"{Member}\":{entries}}}";
    }

    /// <summary>The attestations in <paramref name="payload"/>; none when it has no (well-formed) <c>attests</c> member.</summary>
    public static IReadOnlyList<StateAttestation> Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(Member, out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var found = new List<StateAttestation>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("table", out var table) && table.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("row", out var row) && row.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String)
                {
                    found.Add(new StateAttestation(new StateRowRef(table.GetString()!, row.GetString()!), sha.GetString()!));
                }
            }

            return found;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record Entry(string Table, string Row, string Sha256);
}

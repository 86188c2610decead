using System.Text.Json;
using Warden.Audit;

namespace Warden.Cli.Audit;

/// <summary>
/// Builds and checks an operator note: action <c>note</c> or <c>note.KIND</c> (people never
/// append Warden's own actions, so a note cannot pass for a promotion), a subject, and a payload
/// that is one JSON object, stored compact.
/// </summary>
internal static class AuditNote
{
    // Non-ASCII text stays readable in the database instead of becoming \uXXXX escapes.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The keys of one <c>--from</c> line.</summary>
    public static readonly string[] Keys = ["subject", "action", "payload", "deployment_id", "evidence_ids"];

    public static AuditEventDraft Create(string actor, string? action, string? subject, string? payload, string? deploymentId, IReadOnlyList<string> evidenceIds, string where)
    {
        var chosen = string.IsNullOrWhiteSpace(action) ? AuditActions.Note : action.Trim();
        if (!AuditActions.IsNote(chosen))
        {
            throw new UserInputException($"{where}action '{chosen}' cannot be appended by hand; use 'note' or 'note.KIND' (KIND: lowercase letters, digits, '-', '_'), e.g. note.incident. Warden records its own actions itself.");
        }

        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new UserInputException($"{where}a subject is required, e.g. model:ranker@v2 or service:search.");
        }

        return new AuditEventDraft
        {
            Actor = actor,
            Action = chosen,
            Subject = subject.Trim(),
            DeploymentId = string.IsNullOrWhiteSpace(deploymentId) ? null : deploymentId.Trim(),
            EvidenceIds = [.. evidenceIds.Select(e => e.Trim()).Where(e => e.Length > 0)],
            Payload = payload is null ? "{}" : CompactObject(payload, where),
        };
    }

    /// <summary>One <c>--from</c> line: a JSON object with <see cref="Keys"/>.</summary>
    public static AuditEventDraft FromLine(string actor, string line, string where)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{where}not JSON ({ex.Message}); each line is one object such as {{\"subject\":\"service:search\",\"payload\":{{\"text\":\"...\"}}}}.");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UserInputException($"{where}expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}.");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!Keys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new UserInputException($"{where}unknown key '{property.Name}'; the keys are {string.Join(", ", Keys)}.");
            }
        }

        var evidence = new List<string>();
        if (root.TryGetProperty("evidence_ids", out var ids))
        {
            if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
            {
                throw new UserInputException($"{where}evidence_ids must be an array of strings.");
            }

            evidence.AddRange(ids.EnumerateArray().Select(i => i.GetString()!));
        }

        return Create(
            actor,
            String(root, "action", where),
            String(root, "subject", where),
            root.TryGetProperty("payload", out var payload) ? payload.GetRawText() : null,
            String(root, "deployment_id", where),
            evidence,
            where);
    }

    private static string? String(JsonElement root, string key, string where)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new UserInputException($"{where}{key} must be a string, got {value.ValueKind.ToString().ToLowerInvariant()}.");
    }

    private static string CompactObject(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UserInputException($"{where}payload must be a JSON object such as {{\"text\":\"restarted the gateway\"}}; got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            return JsonSerializer.Serialize(document.RootElement, Compact);
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{where}payload is not valid JSON ({ex.Message}).");
        }
    }
}

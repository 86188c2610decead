using System.Text.Json;
using Warden.Core.Configuration;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Admin;

/// <summary>
/// Reads the body of <c>PUT /admin/routes/{service}</c>:
/// <c>{"production": "v1", "shadow": "v2" | null, "canary": "v2" | null, "canary_weight": 12.5}</c>,
/// every field optional (absent keeps the current value, null removes a shadow or canary), plus
/// the grounds of the change: <c>"reason": "..."</c>, <c>"override": true</c> (production without a
/// GO verdict; needs a reason) and <c>"deployment": "ID"</c> (whose GO verdict it rests on).
/// Every problem is collected; malformed JSON is reported with its line and position.
/// </summary>
internal static class RouteUpdateReader
{
    /// <summary>The fields the body accepts.</summary>
    public static readonly IReadOnlyList<string> Fields = ["production", "shadow", "canary", "canary_weight", "reason", "override", "deployment"];

    /// <summary>The fields that change the route; a body needs at least one.</summary>
    public static readonly IReadOnlyList<string> RouteFields = ["production", "shadow", "canary", "canary_weight"];

    /// <summary>The change, or null with every problem in <paramref name="problems"/>.</summary>
    public static RouteUpdate? Read(ReadOnlyMemory<byte> body, List<RouteProblem> problems)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            problems.Add(new RouteProblem(string.Empty, $"the body is empty; {Example}"));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            problems.Add(new RouteProblem(string.Empty, Malformed(ex)));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new RouteProblem(string.Empty, $"the body is a JSON {Kind(root.ValueKind)}, not an object; {Example}"));
                return null;
            }

            var update = new RouteUpdate();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    problems.Add(new RouteProblem(property.Name, $"field '{property.Name}' is given twice; give it once"));
                    continue;
                }

                var value = property.Value;
                switch (property.Name)
                {
                    case "production":
                        update = update with { Production = Version(property.Name, value, nullable: false, problems) };
                        break;
                    case "shadow":
                        update = update with { ChangeShadow = true, Shadow = Version(property.Name, value, nullable: true, problems) };
                        break;
                    case "canary":
                        update = update with { ChangeCanary = true, Canary = Version(property.Name, value, nullable: true, problems) };
                        break;
                    case "canary_weight":
                        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var percent))
                        {
                            update = update with { CanaryWeightPercent = percent };
                        }
                        else
                        {
                            problems.Add(new RouteProblem(
                                property.Name,
                                $"canary_weight must be a number (percent, 0–100, 0.01 resolution); got {Describe(value)}"));
                        }

                        break;
                    case "reason":
                        update = update with { Reason = Text(property.Name, value, "a non-empty string saying why the route changes", problems) };
                        break;
                    case "deployment":
                        update = update with { DeploymentId = Text(property.Name, value, "a deployment id string (the one whose GO verdict the change of production rests on)", problems) };
                        break;
                    case "override":
                        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        {
                            update = update with { Override = value.GetBoolean() };
                        }
                        else
                        {
                            problems.Add(new RouteProblem(property.Name, $"override must be true or false; got {Describe(value)}"));
                        }

                        break;
                    default:
                        var suggestion = KeySuggestion.Closest(property.Name, Fields);
                        var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
                        problems.Add(new RouteProblem(property.Name, $"unknown field '{property.Name}'{hint}; known fields: {string.Join(", ", Fields)}"));
                        break;
                }
            }

            if (problems.Count == 0 && !RouteFields.Any(seen.Contains))
            {
                problems.Add(new RouteProblem(string.Empty, $"nothing to change; give at least one of {string.Join(", ", RouteFields)}"));
            }

            return problems.Count == 0 ? update : null;
        }
    }

    private const string Example = "send a JSON object such as {\"canary\": \"v2\", \"canary_weight\": 5}";

    private static string? Version(string field, JsonElement value, bool nullable, List<RouteProblem> problems)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } version)
        {
            return version;
        }

        if (nullable && value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var accepted = nullable ? "a version name string, or null to remove it" : "a version name string";
        problems.Add(new RouteProblem(field, $"{field} must be {accepted}; got {Describe(value)}"));
        return null;
    }

    private static string? Text(string field, JsonElement value, string accepted, List<RouteProblem> problems)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text))
        {
            return text.Trim();
        }

        problems.Add(new RouteProblem(field, $"{field} must be {accepted}; got {Describe(value)}"));
        return null;
    }

    private static string Malformed(JsonException ex)
    {
        // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 12." (0-based); say it once, 1-based.
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        var line = (ex.LineNumber ?? 0) + 1;
        var position = (ex.BytePositionInLine ?? 0) + 1;
        return $"malformed JSON at line {line}, position {position}: {message.TrimEnd()}";
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => $"a JSON {Kind(value.ValueKind)}",
    };

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}

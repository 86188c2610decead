using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Warden.Cli.Output;

namespace Warden.Cli.Route;

/// <summary>Prints route documents from the admin endpoint: a table for people, the JSON as is for scripts.</summary>
internal static class RouteOutput
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>Writes <paramref name="body"/> indented, one document on standard output.</summary>
    public static void Json(CliEnvironment env, JsonDocument body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            body.WriteTo(writer);
        }

        env.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A header line (gateway, revision) and one row per route.</summary>
    public static void Table(CliEnvironment env, string gateway, long revision, IEnumerable<JsonElement> routes)
    {
        env.Console.MarkupLineInterpolated($"[bold]{TerminalText.Visible(gateway)}[/]  route table revision {revision}");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("service");
        table.AddColumn("production");
        table.AddColumn("canary");
        table.AddColumn(new TableColumn("weight").RightAligned());
        table.AddColumn("shadow");
        table.AddColumn("backends");
        foreach (var route in routes)
        {
            var canary = Text(route, "canary");
            var weight = route.GetProperty("canary_weight").GetDouble();
            table.AddRow(
                TerminalText.Markup(Text(route, "service") ?? "?"),
                TerminalText.Markup(Text(route, "production") ?? "?"),
                TerminalText.Markup(canary ?? "-"),
                canary is null ? "-" : Markup.Escape($"{weight.ToString("0.##", CultureInfo.InvariantCulture)} %"),
                TerminalText.Markup(Text(route, "shadow") ?? "-"),
                TerminalText.Markup(Backends(route)));
        }

        env.Console.Write(table);
    }

    private static string Backends(JsonElement route)
    {
        var parts = new List<string>();
        foreach (var backend in route.GetProperty("backends").EnumerateArray())
        {
            parts.Add($"{Text(backend, "version")} {Text(backend, "health")}");
        }

        return string.Join(", ", parts);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

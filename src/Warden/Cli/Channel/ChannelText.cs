using System.Globalization;
using Warden.Channels;
using Warden.Cli.Output;

namespace Warden.Cli.Channel;

/// <summary>How a channel message reads in a terminal: one line, then its reports and evidence.</summary>
internal static class ChannelText
{
    /// <summary>A time as the CLI prints it everywhere (UTC, seconds).</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>At most <paramref name="width"/> characters, an ellipsis marking a cut.</summary>
    public static string Shorten(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");

    /// <summary>Writes one message: <c>TIME EVENT [KIND] PUBLISHER: SUMMARY</c>, then its reports and evidence ids indented.</summary>
    public static void Write(TextWriter output, ChannelEntry entry)
    {
        var m = entry.Message;
        var scope = m.Cycle is { } cycle ? $" {cycle}" : string.Empty;
        output.WriteLine(TerminalText.Visible($"{Time(entry.Time)} {entry.EventId} [{m.Kind}]{scope} {m.Publisher}: {m.Summary}"));
        if (m.Reports.Count > 0)
        {
            output.WriteLine(TerminalText.Visible($"    reports: {string.Join(", ", m.Reports)}"));
        }

        if (m.EvidenceIds.Count > 0)
        {
            output.WriteLine(TerminalText.Visible($"    evidence: {string.Join(", ", m.EvidenceIds)}"));
        }
    }
}

using System.Globalization;
using System.Text;

namespace Warden.Cli.Output;

/// <summary>
/// Makes user-supplied text (versions from telemetry, run and file names, route names) safe to
/// print on a terminal: a control character such as ESC would otherwise be obeyed by the
/// terminal (colours, cursor moves, a rewritten title) instead of shown. Each one is written as a
/// visible escape, <c>\u001b</c>; so are the bidirectional overrides that can make text read in
/// a different order than it is stored. JSON output needs none of this: its serializer escapes.
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every control character written as <c>\uXXXX</c> (line breaks too: one value, one line).</summary>
    public static string Visible(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>Like <see cref="Visible"/> but keeps <c>\n</c> (and <c>\r\n</c>), for multi-line messages.</summary>
    public static string VisibleLines(string text) => Escape(text, keepLineBreaks: true);

    /// <summary><see cref="Visible"/>, then escaped for Spectre.Console markup (table cells).</summary>
    public static string Markup(string text) => Spectre.Console.Markup.Escape(Visible(text));

    private static string Escape(string text, bool keepLineBreaks)
    {
        var first = IndexOfUnsafe(text, keepLineBreaks);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(text, i, keepLineBreaks))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static int IndexOfUnsafe(string text, bool keepLineBreaks)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text, i, keepLineBreaks))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(string text, int i, bool keepLineBreaks)
    {
        var c = text[i];
        if (keepLineBreaks && (c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')))
        {
            return false;
        }

        // C0, DEL and C1 controls; LRE..RLO and LRI..PDI (the "Trojan Source" characters).
        return char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
    }
}

using System.Text;
using Warden.Core.Verdicts;

namespace Warden.Core.Reports;

/// <summary>Labels and small text rules shared by the markdown and JSON reports.</summary>
internal static class ReportText
{
    /// <summary>GO, SHADOW ONLY, PAUSE_AND_FIX, REJECT: the words the issue and the CLI use.</summary>
    public static string Label(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Go => "GO",
        VerdictOutcome.ShadowOnly => "SHADOW ONLY",
        VerdictOutcome.PauseAndFix => "PAUSE_AND_FIX",
        VerdictOutcome.Reject => "REJECT",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown verdict outcome"),
    };

    /// <summary>GO, SHADOW_ONLY, PAUSE_AND_FIX, REJECT: one token each, for machines.</summary>
    public static string Token(VerdictOutcome outcome) => Label(outcome).Replace(' ', '_');

    /// <summary>The process exit code of the verdict.</summary>
    public static int ExitCode(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Go => 0,
        VerdictOutcome.ShadowOnly => 3,
        VerdictOutcome.PauseAndFix => 4,
        VerdictOutcome.Reject => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown verdict outcome"),
    };

    public static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        CheckStatus.Inconclusive => "INCONCLUSIVE",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown check status"),
    };

    public static string Label(Vote vote) => vote switch
    {
        Vote.Go => "GO",
        Vote.NoGo => "NO-GO",
        Vote.Hold => "HOLD",
        _ => throw new ArgumentOutOfRangeException(nameof(vote), vote, "unknown vote"),
    };

    /// <summary><c>ComplianceMonitor</c> → <c>compliance_monitor</c>.</summary>
    public static string SnakeCase(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>One line of text without its final full stop, so it can be embedded in a sentence.</summary>
    public static string Sentence(string text) => OneLine(text).TrimEnd('.', ' ');

    /// <summary>Line breaks folded into spaces.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Text safe inside a markdown table cell: one line, pipes escaped.</summary>
    public static string Cell(string text) => OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Words as a reader (and the tests) count them: runs of non-whitespace.</summary>
    public static int WordCount(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary><c>a</c>, <c>a and b</c>, <c>a, b and c</c>; more than <paramref name="max"/> items end in <c>and N more</c>.</summary>
    public static string List(IReadOnlyList<string> items, int max = 5)
    {
        if (items.Count == 0)
        {
            return string.Empty;
        }

        var shown = items.Take(max).ToList();
        if (items.Count > max)
        {
            shown.Add($"{items.Count - max} more");
        }

        return shown.Count == 1 ? shown[0] : string.Join(", ", shown.Take(shown.Count - 1)) + " and " + shown[^1];
    }

    /// <summary>Strips a leading <c>REJECT:</c> (or any outcome word) the engine may put before its rule.</summary>
    public static string RuleWithoutOutcome(string rule)
    {
        var text = Sentence(rule);
        foreach (var prefix in new[] { "GO", "SHADOW ONLY", "SHADOW_ONLY", "PAUSE_AND_FIX", "REJECT" })
        {
            if (text.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase))
            {
                return text[(prefix.Length + 1)..].Trim();
            }
        }

        return text;
    }
}

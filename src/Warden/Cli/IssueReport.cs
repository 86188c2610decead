using Warden.Cli.Output;
using Warden.Core.Evidence;

namespace Warden.Cli;

/// <summary>Tells the user, on standard error, which lines a lenient read skipped.</summary>
internal static class IssueReport
{
    public static void Write(TextWriter error, string path, ParseIssueLog issues)
    {
        if (issues.Count == 0)
        {
            return;
        }

        var shown = issues.Examples.Count;
        error.WriteLine($"warning: {TerminalText.Visible(path)}: skipped {issues.Count} bad line(s) (--lenient); {(shown < issues.Count ? $"first {shown}" : "all")}:");
        foreach (var issue in issues.Examples)
        {
            error.WriteLine($"  {TerminalText.Visible(issue.ToString())}");
        }
    }
}

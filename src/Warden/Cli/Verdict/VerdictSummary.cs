using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Core.Verdicts;

namespace Warden.Cli.Verdict;

/// <summary>The few lines <c>warden verdict</c> prints: verdict, rule, votes, where the report is.</summary>
internal static class VerdictSummary
{
    public static void Write(TextWriter output, VerdictDecision decision, VerdictEvidence evidence, (string Markdown, string Json) written)
    {
        output.WriteLine(TerminalText.Visible($"{VerdictReport.Label(decision.Outcome)}  {evidence.DeploymentId}: candidate {evidence.Candidate.Version} vs production {evidence.Baseline.Version}"));
        output.WriteLine(TerminalText.Visible($"  {decision.Rule}"));
        foreach (var vote in decision.Votes)
        {
            output.WriteLine(TerminalText.Visible($"  {vote.Name,-21} {VerdictReport.Label(vote.Vote),-6} {vote.Decisive.Reason}"));
        }

        output.WriteLine(TerminalText.Visible($"  quorum: {decision.GoVotes} of 6 GO votes (needed {decision.Quorum})"));
        output.WriteLine(TerminalText.Visible($"  report: {written.Markdown}, {written.Json}"));
    }
}

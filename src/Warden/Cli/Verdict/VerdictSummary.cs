using Warden.Core.Reports;
using Warden.Core.Verdicts;

namespace Warden.Cli.Verdict;

/// <summary>The few lines <c>warden verdict</c> prints: verdict, rule, votes, where the report is.</summary>
internal static class VerdictSummary
{
    public static void Write(TextWriter output, VerdictDecision decision, VerdictEvidence evidence, (string Markdown, string Json) written)
    {
        output.WriteLine($"{VerdictReport.Label(decision.Outcome)}  {evidence.DeploymentId}: candidate {evidence.Candidate.Version} vs production {evidence.Baseline.Version}");
        output.WriteLine($"  {decision.Rule}");
        foreach (var vote in decision.Votes)
        {
            output.WriteLine($"  {vote.Name,-21} {VerdictReport.Label(vote.Vote),-6} {vote.Decisive.Reason}");
        }

        output.WriteLine($"  quorum: {decision.GoVotes} of 6 GO votes (needed {decision.Quorum})");
        output.WriteLine($"  report: {written.Markdown}, {written.Json}");
    }
}

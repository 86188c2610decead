using Warden.Core.Evidence;

namespace Warden.Cli.Output;

/// <summary>Provenance of one input file as JSON.</summary>
internal sealed record EvidenceJson(
    string EvidenceId,
    string Sha256,
    string Source,
    string Format,
    long Records,
    long Rejected,
    long Bytes,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyList<string> RejectedExamples)
{
    public static EvidenceJson Of(EvidenceInfo info, ParseIssueLog issues) => new(
        info.Id.Value,
        info.Id.Sha256,
        info.Source,
        info.Format,
        info.RecordCount,
        info.RejectedCount,
        info.ByteCount,
        info.From,
        info.To,
        [.. issues.Examples.Select(i => i.ToString())]);
}

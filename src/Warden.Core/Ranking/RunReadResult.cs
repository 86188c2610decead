using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>What <see cref="RunReader.Read"/> returns: the run and the lines it rejected.</summary>
public sealed record RunReadResult
{
    /// <summary>The accepted lines, grouped by query and ordered as trec_eval orders them.</summary>
    public required Run Run { get; init; }

    /// <summary>Rejected lines (always empty in strict mode, which throws instead).</summary>
    public required ParseIssueLog Issues { get; init; }
}

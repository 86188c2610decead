using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>One thing a cycle learned that deserves research follow-up, with the evidence it rests on.</summary>
public sealed record InnovationItem
{
    /// <summary>One of <see cref="InnovationKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The version the item is about (the candidate, production, or the rolled-back version).</summary>
    public required string Version { get; init; }

    /// <summary>The hierarchy dimension of the finding that needs the follow-up; null when it has none (a backend down, a cycle rollback).</summary>
    public Dimension? Dimension { get; init; }

    /// <summary>One line: what was learned.</summary>
    public required string Title { get; init; }

    /// <summary>The numbers, with their intervals and targets.</summary>
    public required string Detail { get; init; }

    /// <summary>One line of research follow-up.</summary>
    public required string Suggestion { get; init; }

    /// <summary>Evidence ids the item rests on (<c>ev:…</c>, <c>evt-…</c>, <c>rollback_log.json#rb-…</c>), in citing order.</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>The MLflow runs of the versions involved, unknown ones included.</summary>
    public IReadOnlyList<MlflowRun> MlflowRuns { get; init; } = [];

    /// <summary>The report the finding comes from (a <c>deployment_verdict.md</c> path), when one was written.</summary>
    public string? Report { get; init; }
}

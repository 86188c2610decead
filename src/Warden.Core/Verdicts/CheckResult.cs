using System.Collections.Immutable;
using Warden.Core.Evidence;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>The result of one check, with everything a report needs to show and cite it.</summary>
public sealed record CheckResult
{
    /// <summary>Stable id, e.g. <c>compliance.uplift</c>, <c>latency.p95</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name, e.g. <c>Compliance@1 uplift</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Dimension the check belongs to.</summary>
    public required Dimension Dimension { get; init; }

    /// <summary>Reviewer that owns it.</summary>
    public required ReviewerRole Reviewer { get; init; }

    /// <summary>PASS, FAIL or INCONCLUSIVE.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>The observed value with its interval, when the check is numeric.</summary>
    public Estimate? Observed { get; init; }

    /// <summary>The target as a person reads it, e.g. <c>&lt; 50 ms (CI upper)</c>.</summary>
    public required string Target { get; init; }

    /// <summary>One sentence: why this status, with the numbers that decided it.</summary>
    public required string Reason { get; init; }

    /// <summary>Itemised findings (e.g. each breaking API change, each hash mismatch).</summary>
    public ImmutableArray<string> Details { get; init; } = [];

    /// <summary>Evidence the check was computed from.</summary>
    public ImmutableArray<EvidenceId> Evidence { get; init; } = [];
}

namespace Warden.Core.Cycle;

/// <summary>One phase of a cycle as recorded: when it ran, how it went, what it found and wrote.</summary>
public sealed record CyclePhaseResult
{
    /// <summary>The phase (<see cref="CyclePhases"/>).</summary>
    public required string Phase { get; init; }

    /// <summary>When it began.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>How it went.</summary>
    public required CyclePhaseStatus Status { get; init; }

    /// <summary>One line: what it did.</summary>
    public required string Summary { get; init; }

    /// <summary>What it found.</summary>
    public IReadOnlyList<CycleFinding> Findings { get; init; } = [];

    /// <summary>Reports it wrote (paths).</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Why steps could not run (a backend down, a file missing), one line each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

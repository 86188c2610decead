namespace Warden.Guard;

/// <summary>
/// What the guard's signals could read before one look: the source, the ids of the measurements
/// behind the counts (<c>prom:…</c> for Prometheus), or why they could not be read — then the look
/// is inconclusive: no trigger is evaluated and nothing is rolled back.
/// </summary>
internal sealed record GuardEvidence
{
    /// <summary>The in-process gateway's counts: always readable, no external ids.</summary>
    public static GuardEvidence InProcess { get; } = new() { Source = "gateway" };

    /// <summary><c>gateway</c> or <c>prometheus</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The ids of the measurements the counts come from; empty for the in-process counts.</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>Why the counts could not be read (one line naming the server and the cause); null when they could.</summary>
    public string? Unavailable { get; init; }
}

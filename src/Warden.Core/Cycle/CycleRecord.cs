namespace Warden.Core.Cycle;

/// <summary>One heartbeat cycle as recorded: who ran it, why, and each phase's result.</summary>
public sealed record CycleRecord
{
    /// <summary>The cycle's id (<see cref="CycleIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>Why it ran: <c>schedule</c>, <c>request</c> (warden cycle run) or <c>once</c> (warden cycle run --once).</summary>
    public required string Trigger { get; init; }

    /// <summary>Who ran it: the server's holder name, or the CLI's actor.</summary>
    public required string Holder { get; init; }

    /// <summary>When it began.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Ok when every phase ran (or had nothing to do), Partial when one did not.</summary>
    public required CyclePhaseStatus Status { get; init; }

    /// <summary>The phases, in the order they ran.</summary>
    public required IReadOnlyList<CyclePhaseResult> Phases { get; init; }

    /// <summary>The folder the cycle's reports went to, if any.</summary>
    public string? Folder { get; init; }

    /// <summary>
    /// The sha256 (lowercase hex of the file's bytes, as <c>sha256sum</c> prints it) of each report
    /// in <see cref="Folder"/> by file name, as written. The end event's record names all of them;
    /// <c>cycle_report.json</c> itself, written before it could be hashed, names the others.
    /// </summary>
    public IReadOnlyDictionary<string, string> ReportSha256 { get; init; } = new Dictionary<string, string>();

    /// <summary>The overall status of a set of phases.</summary>
    public static CyclePhaseStatus StatusOf(IEnumerable<CyclePhaseResult> phases) =>
        phases.Any(p => p.Status is CyclePhaseStatus.Failed or CyclePhaseStatus.Partial) ? CyclePhaseStatus.Partial : CyclePhaseStatus.Ok;
}

namespace Warden.Cycle;

/// <summary>A cycle's begin event's payload.</summary>
internal sealed record CycleBegin
{
    /// <summary>The cycle's id.</summary>
    public required string Cycle { get; init; }

    /// <summary>schedule, request or once.</summary>
    public required string Trigger { get; init; }

    /// <summary>Who runs it.</summary>
    public required string Holder { get; init; }

    /// <summary>The request it answers (<c>evt-…</c>), if one.</summary>
    public string? Request { get; init; }

    /// <summary>When it began.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The start of the telemetry window it reads.</summary>
    public required DateTimeOffset WindowFrom { get; init; }
}

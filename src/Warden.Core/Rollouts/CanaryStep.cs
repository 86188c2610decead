namespace Warden.Core.Rollouts;

/// <summary>
/// One step of a canary: the share of live traffic the candidate gets, and the analysis window
/// that decides whether it moves on. The window is judged once it holds at least
/// <see cref="MinRequests"/> canary requests and <see cref="MinDuration"/> has passed; an
/// inconclusive result is re-judged until <see cref="MaxDuration"/>.
/// </summary>
public sealed record CanaryStep
{
    /// <summary>The canary's share of live traffic, in percent (0.01 resolution, as the gateway routes).</summary>
    public required decimal WeightPercent { get; init; }

    /// <summary>Canary requests the window needs before it is judged.</summary>
    public long MinRequests { get; init; } = 1000;

    /// <summary>Time the step runs at least, however fast requests come.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Time after which an inconclusive step stops waiting (see <see cref="InconclusiveAction"/>).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);
}

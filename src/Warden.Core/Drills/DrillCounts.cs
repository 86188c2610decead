namespace Warden.Core.Drills;

/// <summary>
/// What a run's requests show from the client's side, sent in [from, to): how many, how many reached
/// the faulty build, which failed where, and when the last one reached the faulty build.
/// </summary>
public sealed record DrillCounts
{
    /// <summary>Requests sent in the window.</summary>
    public required long Requests { get; init; }

    /// <summary>Of those, requests the gateway sent to the faulty build.</summary>
    public required long ToCandidate { get; init; }

    /// <summary>Requests the faulty build failed: the fault's own damage.</summary>
    public required long FailedByFault { get; init; }

    /// <summary>Requests that failed anywhere else: on the known-good version, in the gateway, in the switch.</summary>
    public required long FailedElsewhere { get; init; }

    /// <summary>When the last request that reached the faulty build was sent; null when none did.</summary>
    public DateTimeOffset? LastToCandidate { get; init; }

    /// <summary>
    /// Counts <paramref name="samples"/> sent in [<paramref name="from"/>, <paramref name="to"/>).
    /// A request belongs to the faulty build when its answer names <paramref name="candidate"/>;
    /// a failure with no version named is the gateway's or the switch's, never the fault's.
    /// </summary>
    public static DrillCounts Of(IEnumerable<DrillSample> samples, string candidate, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(samples);
        long requests = 0, toCandidate = 0, byFault = 0, elsewhere = 0;
        DateTimeOffset? last = null;
        foreach (var s in samples)
        {
            if (s.Sent < from || s.Sent >= to)
            {
                continue;
            }

            requests++;
            var onCandidate = string.Equals(s.Version, candidate, StringComparison.Ordinal);
            if (onCandidate)
            {
                toCandidate++;
                last = last is { } l && l >= s.Sent ? l : s.Sent;
            }

            if (s.Failed)
            {
                if (onCandidate)
                {
                    byFault++;
                }
                else
                {
                    elsewhere++;
                }
            }
        }

        return new DrillCounts { Requests = requests, ToCandidate = toCandidate, FailedByFault = byFault, FailedElsewhere = elsewhere, LastToCandidate = last };
    }
}

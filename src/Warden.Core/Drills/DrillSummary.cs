using Warden.Core.Statistics;

namespace Warden.Core.Drills;

/// <summary>
/// What a set of drill runs says about the rollback path: how many succeeded, the success rate with
/// its Wilson interval (a handful of runs leaves a wide one, and the interval says so), and the
/// recovery times' median, P90 and maximum by numpy's linear quantile (<see cref="Quantile"/>), so
/// anyone can re-check them with <c>np.quantile(values, [0.5, 0.9])</c>.
/// </summary>
public sealed record DrillSummary
{
    /// <summary>Runs counted.</summary>
    public required int Runs { get; init; }

    /// <summary>Runs that succeeded (<see cref="DrillRun.Success"/>).</summary>
    public required int Succeeded { get; init; }

    /// <summary>Succeeded / runs with its 95 % Wilson interval; null with no run.</summary>
    public Estimate? SuccessRate { get; init; }

    /// <summary>The measured RTOs, in the runs' order (runs without one, A/A runs and unrestored faults, are left out).</summary>
    public required IReadOnlyList<double> RtoSeconds { get; init; }

    /// <summary>Median RTO; null with no RTO measured.</summary>
    public double? RtoMedian { get; init; }

    /// <summary>90th-percentile RTO; null with no RTO measured.</summary>
    public double? RtoP90 { get; init; }

    /// <summary>Largest RTO; null with no RTO measured.</summary>
    public double? RtoMax { get; init; }

    /// <summary>Summarises <paramref name="runs"/>.</summary>
    public static DrillSummary Of(IReadOnlyList<DrillRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var succeeded = runs.Count(r => r.Success);
        var rto = runs.Where(r => r.RtoSeconds is not null).Select(r => r.RtoSeconds!.Value).ToArray();
        var sorted = rto.Order().ToArray();
        return new DrillSummary
        {
            Runs = runs.Count,
            Succeeded = succeeded,
            SuccessRate = runs.Count == 0 ? null : Proportion.Wilson(succeeded, runs.Count),
            RtoSeconds = rto,
            RtoMedian = sorted.Length == 0 ? null : Quantile.OfSorted(sorted, 0.5),
            RtoP90 = sorted.Length == 0 ? null : Quantile.OfSorted(sorted, 0.9),
            RtoMax = sorted.Length == 0 ? null : sorted[^1],
        };
    }
}

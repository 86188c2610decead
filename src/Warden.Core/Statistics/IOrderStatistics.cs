namespace Warden.Core.Statistics;

/// <summary>
/// A sample seen through its sorted order: the value at each 0-based rank. Implemented by the
/// exact sorted sample and by the log-bucketed histogram, so quantiles, their intervals and the
/// bootstrap work the same on both.
/// </summary>
public interface IOrderStatistics
{
    /// <summary>Number of samples.</summary>
    long Count { get; }

    /// <summary>The value of rank <paramref name="rank"/> (0 = smallest) in ascending order.</summary>
    double ValueAtRank(long rank);
}

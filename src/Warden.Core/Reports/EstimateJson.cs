using Warden.Core.Statistics;

namespace Warden.Core.Reports;

/// <summary>
/// The one JSON shape of an <see cref="Estimate"/>, wherever Warden writes one (verdict reports,
/// <c>--json</c> output, the gateway's admin answers): value, interval, how and from how much it
/// was computed. A value or bound that is not finite (no order-statistic bound with too few
/// samples, a one-sided interval) is null, because JSON has no infinity or NaN.
/// </summary>
internal sealed record EstimateJson(
    double? Value,
    double? CiLow,
    double? CiHigh,
    double Confidence,
    string Method,
    long N,
    int? Resamples,
    int? Seed,
    IReadOnlyList<string> Evidence)
{
    /// <summary>The JSON form of <paramref name="estimate"/>.</summary>
    public static EstimateJson From(Estimate estimate) => new(
        Finite(estimate.Value),
        Finite(estimate.Low),
        Finite(estimate.High),
        estimate.Confidence,
        estimate.Method,
        estimate.SampleSize,
        estimate.Resamples,
        estimate.Seed,
        estimate.Evidence.IsDefault ? [] : [.. estimate.Evidence.Select(id => id.Value)]);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

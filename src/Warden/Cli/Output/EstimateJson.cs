using Warden.Core.Statistics;

namespace Warden.Cli.Output;

/// <summary>
/// An <see cref="Estimate"/> as JSON. An interval bound that does not exist (too few samples for
/// an order-statistic bound) is null, because JSON has no infinity.
/// </summary>
internal sealed record EstimateJson(
    double Value,
    double? CiLow,
    double? CiHigh,
    double Confidence,
    string Method,
    long N,
    int? Resamples,
    int? Seed,
    IReadOnlyList<string> Evidence)
{
    public static EstimateJson From(Estimate e) => new(
        e.Value,
        double.IsFinite(e.Low) ? e.Low : null,
        double.IsFinite(e.High) ? e.High : null,
        e.Confidence,
        e.Method,
        e.SampleSize,
        e.Resamples,
        e.Seed,
        [.. e.Evidence.Select(id => id.Value)]);
}

namespace Warden.Core.Statistics.Sequential;

/// <summary>
/// Lower and upper limits of a confidence sequence for a Bernoulli rate at the current sample
/// size; both inside [0, 1].
/// </summary>
/// <param name="Lower">Lower limit (0 when no event has been seen).</param>
/// <param name="Upper">Upper limit (1 when every trial was an event).</param>
public readonly record struct RateBounds(double Lower, double Upper);

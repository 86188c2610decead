namespace Warden.Guard;

/// <summary>One trigger's reading kept for a second by <see cref="GuardReadingLog"/>: the second's start and the reading's values.</summary>
/// <param name="Time">Start of the second (UTC).</param>
/// <param name="Observed">The observed value (a rate, a difference of rates, or 1 for a backend down).</param>
/// <param name="Bound">The anytime-valid lower bound compared with the threshold.</param>
/// <param name="Threshold">The threshold the bound must pass.</param>
/// <param name="Tripped">Whether the reading tripped the trigger.</param>
internal readonly record struct GuardPoint(DateTimeOffset Time, double Observed, double Bound, double Threshold, bool Tripped);

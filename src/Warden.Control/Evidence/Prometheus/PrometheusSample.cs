namespace Warden.Evidence.Prometheus;

/// <summary>One point of a series: its timestamp and value (NaN and ±∞ are kept as such).</summary>
/// <param name="Time">Sample time, UTC.</param>
/// <param name="Value">Sample value as Prometheus sent it.</param>
internal readonly record struct PrometheusSample(DateTimeOffset Time, double Value);

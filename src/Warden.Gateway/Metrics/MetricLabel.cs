namespace Warden.Gateway.Metrics;

/// <summary>One label of a Prometheus sample.</summary>
/// <param name="Name">Label name, a valid Prometheus label name (fixed in code).</param>
/// <param name="Value">Label value, any text; escaped when written.</param>
internal readonly record struct MetricLabel(string Name, string Value);

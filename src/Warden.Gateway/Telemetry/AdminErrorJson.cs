namespace Warden.Gateway.Telemetry;

/// <summary>Body of a refused admin request: what was wrong and how to ask instead.</summary>
/// <param name="Error">The problem, with the value received.</param>
/// <param name="Known">For an unknown series: the series that exist, as <c>service/version/arm</c>.</param>
internal sealed record AdminErrorJson(string Error, IReadOnlyList<string>? Known = null);

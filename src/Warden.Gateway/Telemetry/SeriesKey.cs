using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>One traffic series: what windows and <c>/metrics</c> are kept per.</summary>
/// <param name="Service">Service name from the route table.</param>
/// <param name="Version">Model version that served the requests.</param>
/// <param name="Arm">Production, canary or shadow.</param>
internal readonly record struct SeriesKey(string Service, string Version, TrafficArm Arm);

namespace Warden.Gateway.Routing;

/// <summary>One model version and the base address of the backend that serves it.</summary>
/// <param name="Version">Model version name, e.g. <c>v2</c>; telemetry is kept per version.</param>
/// <param name="Address">Absolute http(s) base address, e.g. <c>http://127.0.0.1:8081/</c>.</param>
internal sealed record BackendTarget(string Version, Uri Address);

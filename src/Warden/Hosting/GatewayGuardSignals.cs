using Warden.Core.Guard;
using Warden.Gateway.Guard;
using Warden.Gateway.Routing;
using Warden.Guard;

namespace Warden.Hosting;

/// <summary>
/// The live guard's signals in <c>warden serve</c>: the in-process gateway's guard counters (counted
/// as each request completes) and its backends' health.
/// </summary>
internal sealed class GatewayGuardSignals(GuardCounters counters, BackendCatalog backends) : IGuardSignals
{
    /// <inheritdoc />
    public GuardCounts Read(string service, string version) => counters.Read(service, version);

    /// <inheritdoc />
    public bool IsDown(string service, string version) => backends.Find(service, version)?.IsDown == true;

    /// <inheritdoc />
    public double? P95Ms(string service, string version, long minimum) => counters.P95Ms(service, version, minimum);

    /// <inheritdoc />
    public void RestartP95(string service, string version) => counters.RestartP95(service, version);

    /// <inheritdoc />
    public void SetDriftThreshold(string service, string version, double thresholdMs) => counters.SetDriftThreshold(service, version, thresholdMs);
}

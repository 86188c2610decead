using Microsoft.Extensions.Logging;
using Warden.Gateway.Hosting;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Health;

/// <summary>Feeds request and probe results to <see cref="BackendState"/>s and counts and logs each change once.</summary>
internal sealed class HealthReporter(IGatewayObserver observer, ILogger logger)
{
    /// <summary>The backend answered.</summary>
    public void Success(BackendState backend)
    {
        if (backend.ReportSuccess() == HealthTransition.MarkedUp)
        {
            observer.EventCounted(backend.Service, GatewayEvent.BackendMarkedUp);
            GatewayLog.BackendMarkedUp(logger, backend.ToString());
        }
    }

    /// <summary>The backend failed (refused, reset, timed out, or a probe answered non-2xx).</summary>
    public void Failure(BackendState backend, string reason, bool immediate = false)
    {
        if (backend.ReportFailure(reason, immediate) == HealthTransition.MarkedDown)
        {
            observer.EventCounted(backend.Service, GatewayEvent.BackendMarkedDown);
            GatewayLog.BackendMarkedDown(logger, backend.ToString(), backend.ConsecutiveFailures, reason);
        }
    }
}

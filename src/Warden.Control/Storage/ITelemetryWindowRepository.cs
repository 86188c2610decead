using Warden.Core.Traffic;

namespace Warden.Storage;

/// <summary>Completed 1-second telemetry windows in the store (one store transaction's view).</summary>
internal interface ITelemetryWindowRepository
{
    /// <summary>Stores <paramref name="windows"/>; a window already stored (same series and start) is replaced, so a retried batch is harmless.</summary>
    ValueTask WriteAsync(IReadOnlyList<TelemetryWindow> windows, CancellationToken cancellationToken);

    /// <summary>Windows of one service and version whose start lies in [<paramref name="from"/>, <paramref name="to"/>), oldest first (windows of the same second by arm name).</summary>
    ValueTask<IReadOnlyList<TelemetryWindow>> ReadAsync(string service, string version, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

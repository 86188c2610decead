using Warden.Core.Traffic;
using Warden.Storage;

namespace Warden.Storage;

/// <summary>Completed 1-second telemetry windows in the store (one store transaction's view).</summary>
internal interface ITelemetryWindowRepository
{
    /// <summary>Stores <paramref name="windows"/>; a window already stored (same series and start) is replaced, so a retried batch is harmless.</summary>
    void Write(IReadOnlyList<TelemetryWindow> windows);

    /// <summary>Windows of one series whose start lies in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    IReadOnlyList<TelemetryWindow> Read(string service, string version, DateTimeOffset from, DateTimeOffset to);
}

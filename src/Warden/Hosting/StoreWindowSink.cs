using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Storage;

namespace Warden.Hosting;

/// <summary>Flushes completed windows into Warden's store (the SQLite file by default), one transaction per batch.</summary>
internal sealed class StoreWindowSink(IWardenStore store) : ITelemetryWindowSink
{
    public void Write(IReadOnlyList<TelemetryWindow> windows)
    {
        if (windows.Count == 0)
        {
            return;
        }

        store.Write(tx =>
        {
            tx.TelemetryWindows.Write(windows);
            return 0;
        });
    }
}

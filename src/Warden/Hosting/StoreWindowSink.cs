using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Storage;

namespace Warden.Hosting;

/// <summary>Flushes completed windows into Warden's store (the SQLite file by default), one transaction per batch.</summary>
internal sealed class StoreWindowSink(IWardenStore store) : ITelemetryWindowSink
{
    public async ValueTask WriteAsync(IReadOnlyList<TelemetryWindow> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
        {
            return;
        }

        await store.WriteAsync(
            async (tx, ct) =>
            {
                await tx.TelemetryWindows.WriteAsync(windows, ct).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }
}

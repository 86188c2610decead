using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Telemetry;

/// <summary>A window sink that keeps what it was given and can be told to fail (the flusher is under test, not the sink).</summary>
internal sealed class RecordingSink : ITelemetryWindowSink
{
    private readonly Lock _gate = new();
    private readonly List<TelemetryWindow> _windows = [];

    public int FailuresToCome { get; set; }

    public int Calls { get; private set; }

    public IReadOnlyList<TelemetryWindow> Windows
    {
        get
        {
            lock (_gate)
            {
                return [.. _windows];
            }
        }
    }

    public ValueTask WriteAsync(IReadOnlyList<TelemetryWindow> windows, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls++;
            if (FailuresToCome > 0)
            {
                FailuresToCome--;
                throw new IOException("disk full");
            }

            _windows.AddRange(windows);
        }

        return ValueTask.CompletedTask;
    }
}

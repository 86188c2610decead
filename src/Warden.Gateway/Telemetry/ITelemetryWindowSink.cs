using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Durable storage of completed telemetry windows (JSON Lines file, SQLite store, ...). Called by
/// <see cref="TelemetryFlusher"/> from one flush at a time, never concurrently, with each
/// window once (a batch that threw is offered again, with newer windows appended, on the next
/// flush: a sink should write a batch atomically or tolerate seeing a window twice).
/// </summary>
internal interface ITelemetryWindowSink
{
    /// <summary>Stores <paramref name="windows"/>, oldest first. Throw to have the batch retried.</summary>
    ValueTask WriteAsync(IReadOnlyList<TelemetryWindow> windows, CancellationToken cancellationToken);
}

using Warden.Core.Drills;
using Warden.Drills;

namespace Warden.Tests.Drills;

/// <summary>
/// The faulty build's admin endpoints as a recording: every fault body sent and every crash asked
/// for, in order, with the clock's time; its readiness answer is settable.
/// </summary>
internal sealed class RecordingFaultyBuild(TimeProvider time) : IFaultyBuild
{
    // The bodies that clear a fault: anything else sent (or a crash) starts one.
    private static readonly HashSet<string> ClearBodies = [.. DrillFaults.Kinds.Select(DrillFaults.Clear).OfType<string>()];

    /// <summary>Every call in order: a fault body as sent, or <see cref="DrillFaults.CrashRequest"/> for a crash.</summary>
    public List<(DateTimeOffset At, string What)> Calls { get; } = [];

    /// <summary>What the readiness check answers.</summary>
    public bool Ready { get; set; } = true;

    /// <summary>How many times readiness was checked.</summary>
    public int ReadyChecks { get; private set; }

    /// <summary>When the first fault (not a clear, or a crash) came in; null before.</summary>
    public DateTimeOffset? FaultAt => Calls.Where(c => !ClearBodies.Contains(c.What)).Select(c => (DateTimeOffset?)c.At).FirstOrDefault();

    /// <summary>The calls' bodies in order.</summary>
    public List<string> Sent => [.. Calls.Select(c => c.What)];

    /// <inheritdoc />
    public ValueTask SetFaultsAsync(string body, CancellationToken cancellationToken)
    {
        Calls.Add((time.GetUtcNow(), body));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CrashAsync(CancellationToken cancellationToken)
    {
        Calls.Add((time.GetUtcNow(), DrillFaults.CrashRequest));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> ReadyAsync(CancellationToken cancellationToken)
    {
        ReadyChecks++;
        return ValueTask.FromResult(Ready);
    }
}

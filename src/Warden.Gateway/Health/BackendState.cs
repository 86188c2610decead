using Warden.Gateway.Routing;

namespace Warden.Gateway.Health;

/// <summary>
/// One configured backend of one service and its health. Every request that reaches it and every
/// probe reports here; the state is read on each request, so reads are plain volatile loads and
/// a success that changes nothing writes nothing (no cache-line ping-pong under load).
/// </summary>
internal sealed class BackendState
{
    private readonly int _failuresToMarkDown;
    private int _status;
    private int _consecutiveFailures;
    private string? _lastFailure;

    public BackendState(string service, BackendTarget target, int failuresToMarkDown, bool http2 = false)
    {
        Http2 = http2;
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresToMarkDown, 1);
        Service = service;
        Target = target;
        _failuresToMarkDown = failuresToMarkDown;

        // Kept without the trailing slash so "/rest?query" can be appended as it came in.
        BaseAddress = target.Address.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>True when the backend is spoken to over HTTP/2 only (<c>protocol: http2</c>, a gRPC backend).</summary>
    public bool Http2 { get; }

    /// <summary>Service the backend belongs to.</summary>
    public string Service { get; }

    /// <summary>Version and base address.</summary>
    public BackendTarget Target { get; }

    /// <summary>Version name.</summary>
    public string Version => Target.Version;

    /// <summary>The base address without its trailing slash, e.g. <c>http://127.0.0.1:8091</c>.</summary>
    public string BaseAddress { get; }

    /// <summary>Current status.</summary>
    public HealthStatus Status => (HealthStatus)Volatile.Read(ref _status);

    /// <summary>True when requests must not be sent (503).</summary>
    public bool IsDown => Volatile.Read(ref _status) == (int)HealthStatus.Down;

    /// <summary>Failures in a row since the last success.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    /// <summary>The last failure, one line, or null.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Name for messages: <c>ranker/v2</c>.</summary>
    public override string ToString() => $"{Service}/{Version}";

    /// <summary>The backend answered (any HTTP status): it is up.</summary>
    public HealthTransition ReportSuccess()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }

        var previous = Volatile.Read(ref _status);
        if (previous == (int)HealthStatus.Up)
        {
            return HealthTransition.None;
        }

        previous = Interlocked.Exchange(ref _status, (int)HealthStatus.Up);
        return previous == (int)HealthStatus.Down ? HealthTransition.MarkedUp : HealthTransition.None;
    }

    /// <summary>
    /// A request or probe failed (refused, reset, timed out, or a probe got a non-2xx answer).
    /// The backend goes down after the configured number of failures in a row, or at once when
    /// <paramref name="immediate"/> (a first probe that fails: there is no evidence it was ever up).
    /// </summary>
    public HealthTransition ReportFailure(string reason, bool immediate = false)
    {
        Volatile.Write(ref _lastFailure, reason);
        var failures = Interlocked.Increment(ref _consecutiveFailures);
        if (!immediate && failures < _failuresToMarkDown)
        {
            return HealthTransition.None;
        }

        var previous = Interlocked.Exchange(ref _status, (int)HealthStatus.Down);
        return previous == (int)HealthStatus.Down ? HealthTransition.None : HealthTransition.MarkedDown;
    }
}

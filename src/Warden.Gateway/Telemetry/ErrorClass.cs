namespace Warden.Gateway.Telemetry;

/// <summary>
/// Why a request failed, as windows and <c>/metrics</c> count it. The names on the wire are the
/// <see cref="RequestOutcome.Error"/> values (see <see cref="ErrorClasses"/>).
/// </summary>
internal enum ErrorClass
{
    /// <summary><c>5xx</c>: the backend answered with a 5xx status (also when <see cref="RequestOutcome.Error"/> is null).</summary>
    Status5xx,

    /// <summary><c>timeout</c>: the backend did not answer in time.</summary>
    Timeout,

    /// <summary><c>connect</c>: the backend refused the connection or was unreachable.</summary>
    Connect,

    /// <summary><c>reset</c>: the connection dropped mid-response.</summary>
    Reset,

    /// <summary><c>unhealthy</c>: the backend was marked down and not called.</summary>
    Unhealthy,

    /// <summary><c>client_aborted</c>: the client went away first.</summary>
    ClientAborted,

    /// <summary><c>other</c>: an error value the gateway contract does not name.</summary>
    Other,
}

namespace Warden.Gateway.Configuration;

/// <summary>The <c>gateway.timeouts</c> section: how long the gateway waits for a backend.</summary>
internal sealed record TimeoutOptions
{
    /// <summary>Time to open a TCP connection to a backend (<c>connect_ms</c>); beyond it the answer is 504.</summary>
    public int ConnectMs { get; init; } = 2000;

    /// <summary>
    /// Time for the whole exchange with a backend, from sending the request to the last byte of
    /// the response (<c>request_ms</c>); beyond it the answer is 504, or the client connection is
    /// cut when the response had already started.
    /// </summary>
    public int RequestMs { get; init; } = 10_000;
}

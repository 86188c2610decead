namespace Warden.Gateway.Forwarding;

/// <summary>Why an exchange with a backend did not complete; each maps to one status and error class.</summary>
internal enum FailureKind
{
    /// <summary>The backend refused the connection or could not be reached: 502, <c>connect</c>.</summary>
    Connect,

    /// <summary>The TCP connection was not established within <c>connect_ms</c>: 504, <c>timeout</c>.</summary>
    ConnectTimeout,

    /// <summary>The exchange took longer than <c>request_ms</c>: 504, <c>timeout</c>.</summary>
    Timeout,

    /// <summary>The backend closed or reset the connection before the response was complete: 502, <c>reset</c>.</summary>
    Reset,

    /// <summary>The backend answered something that is not HTTP: 502, <c>reset</c>.</summary>
    BadResponse,

    /// <summary>The client went away: 499, <c>client_aborted</c>; nothing is written.</summary>
    ClientAborted,

    /// <summary>The request body passed <c>max_body_bytes</c> while streaming: 413.</summary>
    BodyTooLarge,

    /// <summary>The client's body could not be read (malformed chunked encoding, for instance): 400.</summary>
    BadRequestBody,

    /// <summary>
    /// <c>request_ms</c> passed while the gateway was waiting on the client (its body trickled in,
    /// or it did not take the answer): 408, or the connection cut once the answer had started.
    /// </summary>
    ClientTimeout,
}

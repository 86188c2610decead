namespace Warden.Gateway.Forwarding;

/// <summary>
/// Wraps a failure on the client's side of an exchange: its request body could not be read, it
/// went away, or it was too slow to send or to take the answer. The proxy throws it from the
/// places that talk to the client, so the classifier never mistakes it for the backend's fault,
/// whatever the inner exception looks like (an IOException from a client reset is the same type
/// as one from a backend reset).
/// </summary>
internal sealed class ClientSideException(FailureKind kind, Exception inner)
    : IOException($"The client's side of the exchange failed ({kind}): {inner.Message}", inner)
{
    /// <summary>What went wrong: <see cref="FailureKind.ClientAborted"/>, <see cref="FailureKind.ClientTimeout"/> or <see cref="FailureKind.BadRequestBody"/>.</summary>
    public FailureKind Kind { get; } = kind;

    /// <summary>
    /// The kind of a failure while reading from or writing to the client: the client went away,
    /// the request timeout fired while the gateway was waiting on the client, or its body was malformed.
    /// </summary>
    public static FailureKind KindOf(Exception exception, bool clientAborted, bool timedOut) => exception switch
    {
        _ when clientAborted => FailureKind.ClientAborted,
        Microsoft.AspNetCore.Http.BadHttpRequestException => FailureKind.BadRequestBody,
        OperationCanceledException when timedOut => FailureKind.ClientTimeout,
        _ => FailureKind.ClientAborted,
    };
}

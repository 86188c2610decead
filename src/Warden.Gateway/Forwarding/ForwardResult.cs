using Warden.Gateway.Shadow;

namespace Warden.Gateway.Forwarding;

/// <summary>How one exchange with a backend ended, as the proxy records it.</summary>
/// <param name="Status">Status sent to the client (499 when the client went away first).</param>
/// <param name="Failure">Why the exchange failed, or null when the backend's answer was passed on whole.</param>
/// <param name="ResponseBytes">Response body bytes passed on.</param>
/// <param name="Capture">The JSON body kept for a shadow comparison, or null.</param>
internal readonly record struct ForwardResult(int Status, FailureKind? Failure, long ResponseBytes, BodyCapture? Capture)
{
    /// <summary>True when the backend answered and the answer was passed on whole.</summary>
    public bool Answered => Failure is null;

    /// <summary>Request body bytes sent to the backend (YARP's exchange counts them here; the hand-written one on its content).</summary>
    public long RequestBytes { get; init; }

    /// <summary>The gRPC status of a gRPC call the backend answered (from its trailers), or null for any other exchange.</summary>
    public int? GrpcStatus { get; init; }

    /// <summary>
    /// The status telemetry records: the client's status, except that a gRPC call's gRPC status
    /// counts as the HTTP status it stands for (<see cref="GrpcCalls.ToHttp"/>), since gRPC answers are all HTTP 200.
    /// </summary>
    public int RecordedStatus => GrpcStatus is { } code ? GrpcCalls.ToHttp(code) : Status;
}

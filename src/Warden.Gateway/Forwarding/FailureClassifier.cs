using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Warden.Gateway.Forwarding;

/// <summary>Turns what HttpClient throws into a <see cref="FailureKind"/> and a one-line reason.</summary>
internal static class FailureClassifier
{
    /// <summary>
    /// Classifies <paramref name="exception"/>. <paramref name="clientAborted"/> and
    /// <paramref name="timedOut"/> say which cancellation source fired, if any: a cancellation
    /// neither caused is SocketsHttpHandler's own connect timeout. A failure the proxy marked as
    /// the client's (<see cref="ClientSideException"/>), a body past the limit and a malformed
    /// body are found first, wherever they sit in the chain, because only what is left can be
    /// the backend's fault.
    /// </summary>
    public static FailureKind Classify(Exception exception, bool clientAborted, bool timedOut)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BodyTooLargeException:
                    return FailureKind.BodyTooLarge;
                case ClientSideException clientSide:
                    return clientSide.Kind;
                case BadHttpRequestException:
                    return FailureKind.BadRequestBody;
            }
        }

        if (clientAborted)
        {
            return FailureKind.ClientAborted;
        }

        if (timedOut)
        {
            return FailureKind.Timeout;
        }

        switch (exception)
        {
            case OperationCanceledException:
                return FailureKind.ConnectTimeout;
            case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }:
                return FailureKind.Connect;
            case HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.VersionNegotiationError or HttpRequestError.ConfigurationLimitExceeded }:
                return FailureKind.BadResponse;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostNotFound })
            {
                return FailureKind.Connect;
            }

            if (e is TimeoutException)
            {
                return FailureKind.ConnectTimeout;
            }
        }

        return FailureKind.Reset;
    }

    /// <summary>The HTTP status the client gets.</summary>
    public static int Status(FailureKind kind) => kind switch
    {
        FailureKind.Connect or FailureKind.Reset or FailureKind.BadResponse => StatusCodes.Status502BadGateway,
        FailureKind.ConnectTimeout or FailureKind.Timeout => StatusCodes.Status504GatewayTimeout,
        FailureKind.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        FailureKind.BadRequestBody => StatusCodes.Status400BadRequest,
        FailureKind.ClientTimeout => StatusCodes.Status408RequestTimeout,
        _ => StatusCodeClientClosedRequest,
    };

    /// <summary>The error class telemetry records (see <c>RequestOutcome.Error</c>); null for client-side problems.</summary>
    public static string? ErrorClass(FailureKind kind) => kind switch
    {
        FailureKind.Connect => "connect",
        FailureKind.ConnectTimeout or FailureKind.Timeout => "timeout",
        FailureKind.Reset or FailureKind.BadResponse => "reset",
        FailureKind.ClientAborted or FailureKind.ClientTimeout => "client_aborted",
        _ => null,
    };

    /// <summary>
    /// True when the failure says something about the backend's health (counts towards marking
    /// it down). Nothing the client did or the gateway could not send is the backend's fault.
    /// </summary>
    public static bool IsBackendFault(FailureKind kind) =>
        kind is FailureKind.Connect or FailureKind.ConnectTimeout or FailureKind.Timeout or FailureKind.Reset or FailureKind.BadResponse;

    /// <summary>The status recorded when the client went away first (nginx's convention).</summary>
    public const int StatusCodeClientClosedRequest = 499;

    /// <summary>The one-line reason sent in <c>X-Warden-Reason</c> and the JSON body.</summary>
    public static string Reason(FailureKind kind, string backend, int connectMs, int requestMs, long maxBodyBytes) => kind switch
    {
        FailureKind.Connect => $"backend {backend} refused the connection or is unreachable",
        FailureKind.ConnectTimeout => $"backend {backend} did not accept a connection within {connectMs} ms (gateway.timeouts.connect_ms)",
        FailureKind.Timeout => $"backend {backend} did not answer within {requestMs} ms (gateway.timeouts.request_ms)",
        FailureKind.Reset => $"backend {backend} closed the connection before the response was complete",
        FailureKind.BadResponse => $"backend {backend} sent an invalid HTTP response",
        FailureKind.BodyTooLarge => BodyTooLargeReason(maxBodyBytes),
        FailureKind.BadRequestBody => "the request body could not be read (malformed or incomplete)",
        FailureKind.ClientTimeout => $"the client did not send its request body within {requestMs} ms (gateway.timeouts.request_ms)",
        _ => "the client closed the connection",
    };

    /// <summary>The 413 reason.</summary>
    public static string BodyTooLargeReason(long maxBodyBytes) =>
        $"request body larger than {maxBodyBytes} bytes (gateway.max_body_bytes)";
}

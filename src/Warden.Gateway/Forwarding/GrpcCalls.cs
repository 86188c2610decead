using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Warden.Gateway.Shadow;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// What the gateway needs to know about gRPC calls: which requests are gRPC, the gRPC status of an
/// answer (in its trailers, or in its headers for a trailers-only answer), how that status is
/// recorded (as the HTTP status it stands for, so error rates, guards and the verdict treat a gRPC
/// INTERNAL as they treat a 500), and how the gateway's own errors reach a gRPC client.
/// </summary>
internal static class GrpcCalls
{
    /// <summary>The metadata header naming the service of a gRPC call sent to the root path (<c>/inference.GRPCInferenceService/...</c>).</summary>
    public const string ServiceHeader = "warden-service";

    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";

    /// <summary>True when the request is a gRPC call (<c>application/grpc</c>, <c>application/grpc+proto</c>).</summary>
    public static bool IsGrpc(HttpRequest request) => GrpcInferScores.IsGrpc(request.ContentType);

    /// <summary>
    /// The gRPC status code of an answer: <c>grpc-status</c> from the trailers, or from the headers when
    /// the answer is trailers-only; 2 (UNKNOWN) when there is none, which a gRPC client would report too.
    /// </summary>
    public static int StatusOf(HttpResponseHeaders headers, HttpResponseHeaders? trailers)
    {
        if (trailers is not null && Read(trailers) is { } fromTrailers)
        {
            return fromTrailers;
        }

        return Read(headers) ?? 2;
    }

    /// <summary>
    /// The gRPC status of the answer to a call, or null when the call is not gRPC or the answer is
    /// not HTTP 200 (an HTTP error from a server or proxy says what happened by itself). Trailers are
    /// read only then, since reading them allocates.
    /// </summary>
    public static int? CallStatus(bool grpc, int httpStatus, HttpResponseMessage response) =>
        grpc && httpStatus == StatusCodes.Status200OK ? StatusOf(response.Headers, response.TrailingHeaders) : null;

    private static int? Read(HttpResponseHeaders headers) =>
        headers.NonValidated.TryGetValues(StatusHeader, out var values)
        && int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    /// <summary>
    /// The HTTP status a gRPC status code is recorded as: the mapping grpc-gateway and Google's APIs
    /// use (google.rpc.Code's documented HTTP equivalents). OK is 200; an unknown code is 500.
    /// </summary>
    public static int ToHttp(int code) => code switch
    {
        0 => StatusCodes.Status200OK,
        1 => 499, // CANCELLED
        3 or 9 or 11 => StatusCodes.Status400BadRequest, // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
        4 => StatusCodes.Status504GatewayTimeout, // DEADLINE_EXCEEDED
        5 => StatusCodes.Status404NotFound, // NOT_FOUND
        6 or 10 => StatusCodes.Status409Conflict, // ALREADY_EXISTS, ABORTED
        7 => StatusCodes.Status403Forbidden, // PERMISSION_DENIED
        8 => StatusCodes.Status429TooManyRequests, // RESOURCE_EXHAUSTED
        12 => StatusCodes.Status501NotImplemented, // UNIMPLEMENTED
        14 => StatusCodes.Status503ServiceUnavailable, // UNAVAILABLE
        16 => StatusCodes.Status401Unauthorized, // UNAUTHENTICATED
        _ => StatusCodes.Status500InternalServerError, // UNKNOWN, INTERNAL, DATA_LOSS, anything else
    };

    /// <summary>
    /// The gRPC status a client gets for an answer the gateway makes itself: gRPC's HTTP-to-gRPC table
    /// (grpc/doc/http-grpc-status-mapping.md), except that a body over the limit is RESOURCE_EXHAUSTED
    /// and a timeout DEADLINE_EXCEEDED, which say more than UNAVAILABLE would.
    /// </summary>
    public static int FromHttp(int status) => status switch
    {
        StatusCodes.Status400BadRequest => 13, // INTERNAL
        StatusCodes.Status401Unauthorized => 16, // UNAUTHENTICATED
        StatusCodes.Status403Forbidden => 7, // PERMISSION_DENIED
        StatusCodes.Status404NotFound => 12, // UNIMPLEMENTED
        StatusCodes.Status413PayloadTooLarge => 8, // RESOURCE_EXHAUSTED
        StatusCodes.Status504GatewayTimeout or StatusCodes.Status408RequestTimeout => 4, // DEADLINE_EXCEEDED
        StatusCodes.Status429TooManyRequests or StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable => 14, // UNAVAILABLE
        _ => 2, // UNKNOWN
    };

    /// <summary>
    /// Makes the gateway's own answer a trailers-only gRPC response: HTTP 200, <c>application/grpc</c>,
    /// and <c>grpc-status</c> / <c>grpc-message</c> in the headers, as gRPC servers answer a call they refuse.
    /// </summary>
    public static void Refuse(HttpResponse response, int httpStatus, string reason)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers[StatusHeader] = FromHttp(httpStatus).ToString(CultureInfo.InvariantCulture);
        response.Headers[MessageHeader] = PercentEncode(reason);
    }

    /// <summary>The gRPC spec's percent-encoding of grpc-message: printable ASCII but '%' as is, every other byte of the UTF-8 as %XX.</summary>
    public static string PercentEncode(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Warden.Gateway.Forwarding;

namespace Warden.Gateway.Tests.Forwarding;

public sealed class FailureClassifierTests
{
    public static TheoryData<string> Cases => [.. Table.Keys];

    private static readonly Dictionary<string, (Exception Exception, bool ClientAborted, bool TimedOut, FailureKind Kind)> Table = new()
    {
        ["refused"] = (new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)), false, false, FailureKind.Connect),
        ["name"] = (new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), false, false, FailureKind.Connect),
        ["invalid"] = (new HttpRequestException(HttpRequestError.InvalidResponse, "garbage"), false, false, FailureKind.BadResponse),
        ["ended"] = (new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), false, false, FailureKind.Reset),
        ["io reset"] = (new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), false, false, FailureKind.Reset),
        ["connect timeout"] = (new TaskCanceledException("connect timed out", new TimeoutException()), false, false, FailureKind.ConnectTimeout),
        ["request timeout"] = (new TaskCanceledException(), false, true, FailureKind.Timeout),
        ["client gone"] = (new TaskCanceledException(), true, true, FailureKind.ClientAborted),
        ["too large"] = (new HttpRequestException("copying content", new BodyTooLargeException(10)), false, false, FailureKind.BodyTooLarge),
        ["bad body"] = (new HttpRequestException("copying content", new BadHttpRequestException("bad chunk")), false, false, FailureKind.BadRequestBody),

        // Failures the proxy marked as the client's are never taken for a backend reset or
        // timeout, even when the request timeout fired or the inner exception is a socket reset.
        ["client body reset"] = (new HttpRequestException("copying content", new ClientSideException(FailureKind.ClientAborted, new IOException("reset", new SocketException((int)SocketError.ConnectionReset)))), false, false, FailureKind.ClientAborted),
        ["client body slow"] = (new HttpRequestException("copying content", new ClientSideException(FailureKind.ClientTimeout, new TaskCanceledException())), false, true, FailureKind.ClientTimeout),
        ["client not reading"] = (new ClientSideException(FailureKind.ClientTimeout, new OperationCanceledException()), false, true, FailureKind.ClientTimeout),
        ["client write reset"] = (new ClientSideException(FailureKind.ClientAborted, new IOException("broken pipe")), false, false, FailureKind.ClientAborted),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_Exception_Kind(string name)
    {
        var (exception, clientAborted, timedOut, kind) = Table[name];

        Assert.Equal(kind, FailureClassifier.Classify(exception, clientAborted, timedOut));
    }

    [Theory]
    [InlineData("Connect", 502, "connect", true)]
    [InlineData("ConnectTimeout", 504, "timeout", true)]
    [InlineData("Timeout", 504, "timeout", true)]
    [InlineData("Reset", 502, "reset", true)]
    [InlineData("BadResponse", 502, "reset", true)]
    [InlineData("ClientAborted", 499, "client_aborted", false)]
    [InlineData("BodyTooLarge", 413, null, false)]
    [InlineData("BadRequestBody", 400, null, false)]
    [InlineData("ClientTimeout", 408, "client_aborted", false)]
    public void Kind_StatusClassAndHealth(string name, int status, string? errorClass, bool backendFault)
    {
        var kind = Enum.Parse<FailureKind>(name);
        Assert.Equal(
            (status, errorClass, backendFault),
            (FailureClassifier.Status(kind), FailureClassifier.ErrorClass(kind), FailureClassifier.IsBackendFault(kind)));
    }

    [Theory]
    [InlineData("reset", false, false, "ClientAborted")]
    [InlineData("aborted", true, false, "ClientAborted")]
    [InlineData("timeout", false, true, "ClientTimeout")]
    [InlineData("bad body", false, false, "BadRequestBody")]
    public void KindOf_ClientSideFailure_NeverBackendFault(string what, bool clientAborted, bool timedOut, string expected)
    {
        Exception exception = what switch
        {
            "reset" => new IOException("reset", new SocketException((int)SocketError.ConnectionReset)),
            "bad body" => new BadHttpRequestException("Unexpected end of request content."),
            _ => new OperationCanceledException(),
        };

        var kind = ClientSideException.KindOf(exception, clientAborted, timedOut);

        Assert.Equal(Enum.Parse<FailureKind>(expected), kind);
        Assert.False(FailureClassifier.IsBackendFault(kind));
    }

    [Fact]
    public void Reason_ConnectTimeout_NamesSetting()
    {
        Assert.Equal(
            "backend ranker/v1 did not accept a connection within 2000 ms (gateway.timeouts.connect_ms)",
            FailureClassifier.Reason(FailureKind.ConnectTimeout, "ranker/v1", 2000, 10_000, 0));
    }
}

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
    public void Kind_StatusClassAndHealth(string name, int status, string? errorClass, bool backendFault)
    {
        var kind = Enum.Parse<FailureKind>(name);
        Assert.Equal(
            (status, errorClass, backendFault),
            (FailureClassifier.Status(kind), FailureClassifier.ErrorClass(kind), FailureClassifier.IsBackendFault(kind)));
    }

    [Fact]
    public void Reason_ConnectTimeout_NamesSetting()
    {
        Assert.Equal(
            "backend ranker/v1 did not accept a connection within 2000 ms (gateway.timeouts.connect_ms)",
            FailureClassifier.Reason(FailureKind.ConnectTimeout, "ranker/v1", 2000, 10_000, 0));
    }
}

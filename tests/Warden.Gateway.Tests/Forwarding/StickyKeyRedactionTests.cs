using Warden.Gateway.Configuration;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Forwarding;

public sealed class StickyKeyRedactionTests
{
    [Theory]
    [InlineData("X-Warden-Key", new string[0], false)]
    [InlineData("X-Warden-Key", new[] { "user_id", "email" }, false)]
    [InlineData("X-Warden-Key", new[] { "key" }, true)]
    [InlineData("X-Warden-Key", new[] { "KEY" }, true)]
    [InlineData("X-Warden-Key", new[] { "x-warden-key" }, true)]
    [InlineData("user_id", new[] { "user_id", "email" }, true)]
    [InlineData("Authorization", new string[0], true)]
    [InlineData("cookie", new string[0], true)]
    [InlineData("Proxy-Authorization", new string[0], true)]
    public void MasksKey_RedactOrCredentialHeader_Masked(string stickyHeader, string[] redact, bool masked)
    {
        var options = new GatewayOptions { StickyHeader = stickyHeader, Telemetry = new TelemetryOptions { Redact = redact }, Services = [] };

        Assert.Equal(masked, GatewayProxy.MasksKey(options));
    }
}

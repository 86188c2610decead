using Warden.Api;

namespace Warden.Tests.Api;

/// <summary>
/// Which admin addresses <c>warden serve</c> binds without TLS: loopback only (127.0.0.0/8, ::1,
/// localhost), with a row at each edge of 127.0.0.0/8; anything else needs api.tls or --insecure-bind.
/// </summary>
public sealed class AdminBindRuleTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8079", true)]
    [InlineData("http://127.0.0.0:8079", true)]
    [InlineData("http://127.255.255.255:8079", true)]
    [InlineData("http://126.255.255.255:8079", false)]
    [InlineData("http://128.0.0.1:8079", false)]
    [InlineData("http://[::1]:8079", true)]
    [InlineData("http://localhost:8079", true)]
    [InlineData("http://LOCALHOST:0", true)]
    [InlineData("http://0.0.0.0:8079", false)]
    [InlineData("http://[::]:8079", false)]
    [InlineData("http://*:8079", false)]
    [InlineData("http://+:8079", false)]
    [InlineData("http://10.0.0.5:8079", false)]
    [InlineData("http://gateway.internal:8079", false)]
    [InlineData("http://localhost.example.com:8079", false)]
    public void IsLoopback_Address_Decided(string url, bool loopback) => Assert.Equal(loopback, AdminBindRule.IsLoopback(url));

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    public void Refusal_NonLoopback_RefusedOnlyWithoutTlsAndWithoutInsecureBind(bool tls, bool insecureBind, bool refused)
    {
        var refusal = AdminBindRule.Refusal(["http://127.0.0.1:8079", "http://0.0.0.0:8079"], "gateway.admin.urls", tls, insecureBind);

        Assert.Equal(refused, refusal is not null);
    }

    [Fact]
    public void Refusal_LoopbackOnly_NeverRefused() =>
        Assert.Null(AdminBindRule.Refusal(["http://127.0.0.1:0", "http://[::1]:0", "http://localhost:0"], "--admin-urls", tls: false, insecureBind: false));

    [Fact]
    public void Refusal_Message_NamesTheFirstExposedAddressTheSettingAndBothFixes() =>
        Assert.Equal(
            "gateway.admin.urls: refusing to serve the admin API (/api/v1, /admin) on http://10.0.0.5:8079, not a loopback address, without TLS; " +
            "set api.tls.certificate and api.tls.key in warden.yaml (docs/api.md), or pass --insecure-bind if a TLS terminator or a private network guards that address.",
            AdminBindRule.Refusal(["http://127.0.0.1:8079", "http://10.0.0.5:8079", "http://0.0.0.0:8079"], "gateway.admin.urls", tls: false, insecureBind: false));
}

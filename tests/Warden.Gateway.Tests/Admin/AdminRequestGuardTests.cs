using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Warden.Gateway.Admin;
using Warden.Gateway.Configuration;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Admin;

/// <summary>The admin API answers only requests that name this gateway and come from no other origin.</summary>
public sealed class AdminRequestGuardTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", null, null, true)]
    [InlineData("localhost:8080", null, null, true)]
    [InlineData("LOCALHOST:8080", null, null, true)]
    [InlineData("[::1]:8080", null, null, true)]
    [InlineData("127.0.0.1:8081", null, null, false)]
    [InlineData("127.0.0.1", null, null, false)]
    [InlineData("attacker.example:8080", null, null, false)]
    [InlineData("attacker.example", null, null, false)]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080", null, true)]
    [InlineData("127.0.0.1:8080", "http://localhost:8080", "same-origin", true)]
    [InlineData("127.0.0.1:8080", "http://attacker.example", null, false)]
    [InlineData("127.0.0.1:8080", "http://localhost:3000", null, false)]
    [InlineData("127.0.0.1:8080", "null", null, false)]
    [InlineData("127.0.0.1:8080", null, "cross-site", false)]
    [InlineData("127.0.0.1:8080", null, "same-site", false)]
    [InlineData("127.0.0.1:8080", null, "none", true)]
    [InlineData("127.0.0.1:8080", null, "same-origin", true)]
    public void Refusal_LoopbackListener_OnlyItsOwnNames(string host, string? origin, string? fetchSite, bool allowed)
    {
        var guard = new AdminRequestGuard(["http://127.0.0.1:8080"], [], () => ["http://127.0.0.1:8080"]);

        Assert.Equal(allowed, guard.Refusal(Request(host, origin, fetchSite)) is null);
    }

    [Theory]
    [InlineData("127.0.0.1:41234", true)]
    [InlineData("localhost:41234", true)]
    [InlineData("127.0.0.1:0", false)]
    public void Refusal_PortZero_RealPortFromTheBoundAddress(string host, bool allowed)
    {
        var guard = new AdminRequestGuard(["http://127.0.0.1:0"], [], () => ["http://127.0.0.1:41234"]);

        Assert.Equal(allowed, guard.Refusal(Request(host, null, null)) is null);
    }

    [Theory]
    [InlineData("gateway.internal:8080", true)]
    [InlineData("gateway.internal:9999", true)]
    [InlineData("10.0.0.5:8080", true)]
    [InlineData("10.0.0.5:8081", false)]
    [InlineData("localhost:8080", true)]
    [InlineData("192.168.1.9:8080", false)]
    [InlineData("attacker.example:8080", false)]
    public void Refusal_WildcardListener_LoopbackAndAllowedHosts(string host, bool allowed)
    {
        var guard = new AdminRequestGuard(["http://0.0.0.0:8080"], ["gateway.internal", "10.0.0.5:8080"], () => ["http://0.0.0.0:8080"]);

        Assert.Equal(allowed, guard.Refusal(Request(host, null, null)) is null);
    }

    [Fact]
    public void Refusal_ForeignHost_ReasonNamesAllowedAndSetting()
    {
        var guard = new AdminRequestGuard(["http://127.0.0.1:8080"], [], () => ["http://127.0.0.1:8080"]);

        Assert.Equal(
            "admin request refused: Host 'attacker.example' is not an address of this gateway (127.0.0.1:8080, localhost:8080, [::1]:8080); call it by one of those, or add the name to gateway.admin.allowed_hosts",
            guard.Refusal(Request("attacker.example", null, null)));
    }

    [Fact]
    public async Task PutRoute_DnsRebindingHostAndForeignOrigin_403CountedRouteUnchanged()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url), ("v2", v2.Url)]));
        var port = new Uri(gateway.AdminUrl).Port;

        var rebinding = await PutAsync(gateway, "attacker.example", "http://attacker.example");
        var foreignOrigin = await PutAsync(gateway, $"127.0.0.1:{port}", "http://attacker.example");
        var crossSite = await PutAsync(gateway, $"127.0.0.1:{port}", null, "cross-site");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [rebinding.Status, foreignOrigin.Status, crossSite.Status]);
        Assert.StartsWith("admin request refused: Host 'attacker.example' is not an address of this gateway", rebinding.Reason);
        Assert.Equal(rebinding.Reason, rebinding.Error);
        Assert.Equal("admin request refused: cross-origin request from Origin 'http://attacker.example'; the admin API takes no requests from web pages of other origins", foreignOrigin.Reason);
        Assert.Equal("admin request refused: Sec-Fetch-Site is cross-site; the admin API takes no requests from web pages of other origins", crossSite.Reason);
        Assert.Equal(1, gateway.Host.Routes.Current.Revision);
        Assert.Equal(3, gateway.Observer.Count(GatewayEvent.AdminRefused));

        // The gateway's own names still work, and the change applies.
        var local = await PutAsync(gateway, $"localhost:{port}", $"http://localhost:{port}");
        Assert.Equal(HttpStatusCode.OK, local.Status);
        Assert.Equal(2, gateway.Host.Routes.Current.Revision);
    }

    [Theory]
    [InlineData("admin/routes", HttpStatusCode.Forbidden)]
    [InlineData("admin/anything", HttpStatusCode.Forbidden)]
    [InlineData("ADMIN/routes", HttpStatusCode.Forbidden)]
    public async Task GetAdmin_ForeignHost_NeverAnswered(string path, HttpStatusCode status)
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url)]));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "attacker.example";

        using var response = await gateway.AdminClient.SendAsync(request);

        // On the admin listener every spelling of /admin is guarded (routing ignores case).
        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task GetRoutes_AllowedHostsConfigured_NameAccepted()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url)]) with
        {
            Admin = new AdminOptions { AllowedHosts = ["gateway.internal"] },
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/routes");
        request.Headers.Host = "gateway.internal";

        using var response = await gateway.AdminClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string? Reason, string? Error)> PutAsync(TestGateway gateway, string host, string? origin, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "admin/routes/ranker")
        {
            Content = new StringContent("""{"production":"v2"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await gateway.AdminClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var reason = response.Headers.TryGetValues("X-Warden-Reason", out var values) ? values.Single() : null;
        string? error = null;
        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            using var json = JsonDocument.Parse(text);
            error = json.RootElement.GetProperty("error").GetString();
        }

        return (response.StatusCode, reason, error);
    }

    private static HttpRequest Request(string host, string? origin, string? fetchSite)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        return context.Request;
    }
}

using System.Net;
using System.Text;
using Warden.Gateway.Configuration;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Admin;

/// <summary>The admin API has its own listener; user traffic, /healthz and /readyz keep theirs.</summary>
public sealed class AdminListenerTests : IAsyncLifetime
{
    private TestBackend _v1 = null!;
    private TestBackend _v2 = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _v1 = await TestBackend.EchoAsync("v1");
        _v2 = await TestBackend.EchoAsync("v2");
        _gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", _v1.Url), ("v2", _v2.Url)]));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
    }

    [Fact]
    public void Addresses_TrafficAndAdmin_DifferentPorts()
    {
        Assert.NotEqual(new Uri(_gateway.Url).Port, new Uri(_gateway.AdminUrl).Port);
        Assert.StartsWith("http://127.0.0.1:", _gateway.AdminUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "admin/routes")]
    [InlineData("GET", "admin/routes/ranker")]
    [InlineData("PUT", "admin/routes/ranker")]
    [InlineData("GET", "admin/anything")]
    public async Task Admin_OnTrafficListener_404NothingChanged(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? new StringContent("""{"production":"v2"}""", Encoding.UTF8, "application/json") : null,
        };

        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            "the admin API is not served on this listener; it listens on its own address (gateway.admin.urls, default http://127.0.0.1:8079)",
            response.Headers.GetValues("X-Warden-Reason").Single());
        Assert.Equal(1, _gateway.Host.Routes.Current.Revision);
        Assert.Empty(_gateway.Gate.Changes);
    }

    [Fact]
    public async Task Admin_OnAdminListener_Served()
    {
        using var response = await _gateway.AdminClient.GetAsync("admin/routes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    [InlineData("ranker/x")]
    public async Task TrafficAndProbes_OnAdminListener_404(string path)
    {
        using var response = await _gateway.AdminClient.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("this is the admin listener; it serves /admin/... only", response.Headers.GetValues("X-Warden-Reason").Single(), StringComparison.Ordinal);
        Assert.Empty(_gateway.Observer.Outcomes);
    }

    [Theory]
    [InlineData("healthz", HttpStatusCode.OK)]
    [InlineData("ranker/x", HttpStatusCode.OK)]
    public async Task TrafficAndProbes_OnTrafficListener_Served(string path, HttpStatusCode status)
    {
        using var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_OnTrafficListener_Answered()
    {
        using var response = await _gateway.Client.GetAsync("readyz");

        // Health is unknown until a probe or a request: not ready, but answered where load balancers look.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"ready\":false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminUrls_FromConfiguration_UsedWhenHostOptionsNameNone()
    {
        var options = TestGateway.Options("ranker", [("v1", _v1.Url)]) with { Admin = new AdminOptions { Urls = ["http://127.0.0.1:0"] } };
        await using var host = Warden.Gateway.Hosting.GatewayHost.Create(new Warden.Gateway.Hosting.GatewayHostOptions
        {
            Gateway = options,
            Observer = new RecordingObserver(),
            Urls = ["http://127.0.0.1:0"],
            RouteChanges = new RecordingRouteGate(),
            ActiveHealthChecks = false,
        });

        await host.StartAsync();

        var admin = Assert.Single(host.AdminAddresses);
        Assert.StartsWith("http://127.0.0.1:", admin, StringComparison.Ordinal);
        Assert.NotEqual(host.Addresses.Single(), admin);
    }
}

using System.Text.Json;
using Warden.Gateway.Configuration;
using Warden.Gateway.Tests.Support;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Route;

public sealed class RouteCommandTests : IAsyncLifetime
{
    private TestBackend _v1 = null!;
    private TestBackend _v2 = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _v1 = await TestBackend.EchoAsync("v1");
        _v2 = await TestBackend.EchoAsync("v2");
        _gateway = await TestGateway.StartAsync(new GatewayOptions
        {
            Services = [TestGateway.Service("ranker", [("v1", _v1.Url), ("v2", _v2.Url)], shadow: "v2")],
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _v1.DisposeAsync();
        await _v2.DisposeAsync();
    }

    [Fact]
    public void Show_Table_OneRowPerService()
    {
        var run = CliRun.Of("route", "show", "--gateway", _gateway.AdminUrl);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
            {_gateway.AdminUrl}  route table revision 1
            ╭─────────┬────────────┬────────┬────────┬────────┬────────────────────────╮
            │ service │ production │ canary │ weight │ shadow │ backends               │
            ├─────────┼────────────┼────────┼────────┼────────┼────────────────────────┤
            │ ranker  │ v1         │ -      │      - │ v2     │ v1 unknown, v2 unknown │
            ╰─────────┴────────────┴────────┴────────┴────────┴────────────────────────╯

            """,
            run.Out.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Show_Json_TheGatewaysDocument()
    {
        var run = CliRun.Of("route", "show", "--gateway", _gateway.AdminUrl + "/", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(1, json.RootElement.GetProperty("revision").GetInt64());
        var route = json.RootElement.GetProperty("services")[0];
        Assert.Equal(("ranker", "v1", "v2"), (route.GetProperty("service").GetString(), route.GetProperty("production").GetString(), route.GetProperty("shadow").GetString()));
    }

    [Fact]
    public void Set_CanaryWithWeight_AppliedAndPrinted()
    {
        var run = CliRun.Of("route", "set", "ranker", "--canary", "v2", "--weight", "12.5", "--no-shadow", "--gateway", _gateway.AdminUrl);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{_gateway.AdminUrl}  route table revision 2", run.Out);
        Assert.Contains("│ ranker  │ v1         │ v2     │ 12.5 % │ -      │", run.Out);
        var route = _gateway.Host.Routes.Current.Services["ranker"];
        Assert.Equal(("v2", 1250, (object?)null), (route.Canary!.Version, route.CanaryBasisPoints, (object?)route.Shadow));
    }

    [Fact]
    public void Set_ThenNoCanary_CanaryRemoved()
    {
        Assert.Equal(0, CliRun.Of("route", "set", "ranker", "--canary", "v2", "--weight", "5", "--no-shadow", "--gateway", _gateway.AdminUrl).ExitCode);

        var run = CliRun.Of("route", "set", "ranker", "--no-canary", "--gateway", _gateway.AdminUrl, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(3, json.RootElement.GetProperty("revision").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("route").GetProperty("canary").ValueKind);
    }

    [Fact]
    public void Set_InvalidWeightAndVersion_Exit2WithEveryProblem()
    {
        var run = CliRun.Of("route", "set", "ranker", "--production", "v3", "--canary", "v2", "--weight", "120", "--gateway", _gateway.AdminUrl);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            """
            error: the gateway refused the change to 'ranker':
            error: production: production version 'v3' is not a backend of service 'ranker' (did you mean 'v1'?); known backends: v1, v2
            error: canary_weight: canary weight must be 0–100 (percent, 0.01 resolution); currently 120

            """,
            run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(1, _gateway.Host.Routes.Current.Revision);
    }

    [Fact]
    public void Set_UnknownService_Exit2NamesKnownServices()
    {
        var run = CliRun.Of("route", "set", "rankr", "--production", "v1", "--gateway", _gateway.AdminUrl);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: unknown service 'rankr'; known services: ranker\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("show")]
    [InlineData("set", "ranker", "--production", "v1")]
    public void Route_NoGateway_Exit2ConnectionRefused(params string[] args)
    {
        var url = RawBackend.RefusedUrl().AbsoluteUri.TrimEnd('/');

        var run = CliRun.Of(["route", .. args, "--gateway", url]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: cannot reach the gateway at {url} (connection refused); is 'warden serve' running there? The admin API listens on gateway.admin.urls (default http://127.0.0.1:8079), not on the traffic port; pass --gateway URL to name another address.\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("error: --shadow and --no-shadow contradict each other; give one.", "--shadow", "v2", "--no-shadow")]
    [InlineData("error: --no-canary removes the canary; it cannot be combined with --canary or --weight.", "--no-canary", "--weight", "5")]
    [InlineData("error: nothing to change; give at least one of --production, --shadow, --no-shadow, --canary, --weight, --no-canary.")]
    [InlineData("error: --gateway: 'ftp://x' is not an http:// address; e.g. --gateway http://127.0.0.1:8079", "--production", "v1", "--gateway", "ftp://x")]
    public void Set_BadOptions_Exit2BeforeAnyCall(string error, params string[] args)
    {
        var run = CliRun.Of(["route", "set", "ranker", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(error + "\n", run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(1, _gateway.Host.Routes.Current.Revision);
    }

    [Fact]
    public void Set_ActorAndReason_SentWithTheChange()
    {
        var run = CliRun.Of("route", "set", "ranker", "--no-shadow", "--reason", "shadow done", "--actor", "alice", "--gateway", _gateway.AdminUrl);

        Assert.True(run.ExitCode == 0, run.Error);
        var change = Assert.Single(_gateway.Gate.Changes);
        Assert.Equal(("alice", "shadow done", 2L), (change.Actor, change.Reason, change.Revision));
        Assert.Contains("recorded as fake-1", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_ProductionRefusedByTheGate_Exit2WordedForTheCommandLine()
    {
        _gateway.Gate.Decide = _ => Warden.Gateway.Routing.RouteChangeDecision.Refuse(
        [
            new("production", "cannot promote ranker v2 to production: no verdict is recorded for it; a GO verdict is needed. Record one with 'warden verdict --evidence BUNDLE --record' (model ranker, candidate v2), or move it anyway with \"override\": true and a \"reason\" in the body (recorded as an override)."),
        ]);

        var run = CliRun.Of("route", "set", "ranker", "--production", "v2", "--no-shadow", "--gateway", _gateway.AdminUrl);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            """
            error: the gateway refused the change to 'ranker':
            error: production: cannot promote ranker v2 to production: no verdict is recorded for it; a GO verdict is needed. Record one with 'warden verdict --evidence BUNDLE --record' (model ranker, candidate v2), or move it anyway with --override --reason "..." (recorded as an override).

            """,
            run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(1, _gateway.Host.Routes.Current.Revision);
    }

    [Fact]
    public void Set_OverrideWithoutReason_Exit2()
    {
        var run = CliRun.Of("route", "set", "ranker", "--production", "v2", "--no-shadow", "--override", "--gateway", _gateway.AdminUrl);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: reason: --override needs --reason \"...\": the audit log records why production moved without a GO verdict", run.Error, StringComparison.Ordinal);
        Assert.Empty(_gateway.Gate.Changes);
    }

    [Fact]
    public void Set_AuditWriteFails_Exit2RouteUnchanged()
    {
        _gateway.Gate.Decide = _ => throw new IOException("database or disk is full");

        var run = CliRun.Of("route", "set", "ranker", "--canary", "v2", "--weight", "5", "--gateway", _gateway.AdminUrl);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: route change for 'ranker' not applied: its audit event could not be written (database or disk is full); the route is unchanged at revision 1\n",
            run.Error.ReplaceLineEndings("\n"));
        Assert.Null(_gateway.Host.Routes.Current.Services["ranker"].Canary);
    }

    [Fact]
    public void Show_TrafficListener_Exit2NamesTheAdminAddress()
    {
        var run = CliRun.Of("route", "show", "--gateway", _gateway.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("answered 404 to GET /admin/routes", run.Error, StringComparison.Ordinal);
        Assert.Contains("gateway.admin.urls", run.Error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Warden.Gateway.Configuration;
using Warden.Gateway.Hosting;
using Warden.Gateway.Tests.Support;
using Warden.Hosting;
using Warden.Registry;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Hosting;

/// <summary>
/// A real gateway (Kestrel on 127.0.0.1, traffic and admin listeners on free ports) whose route
/// changes go through <see cref="StoreRouteChangeGate"/> into a real SQLite file, on a fake clock;
/// three echo backends v1, v2, v3 of service 'ranker', v1 in production.
/// </summary>
internal sealed class GovernedGateway : IAsyncDisposable
{
    private readonly List<TestBackend> _backends;

    private GovernedGateway(TempDirectory dir, FakeTimeProvider time, SqliteStore store, GatewayHost host, List<TestBackend> backends)
    {
        Dir = dir;
        Time = time;
        Store = store;
        Host = host;
        _backends = backends;
    }

    public TempDirectory Dir { get; }

    public FakeTimeProvider Time { get; }

    public SqliteStore Store { get; }

    public GatewayHost Host { get; }

    public string DataDir => Dir.File("data");

    public string AdminUrl => Host.AdminAddresses[0];

    public string Url => Host.Addresses[0];

    public static async Task<GovernedGateway> StartAsync(TempDirectory? dir = null, string production = "v1", TimeSpan? lockTimeout = null)
    {
        dir ??= new TempDirectory();
        var time = TestClock.Start();
        var backends = new List<TestBackend> { await TestBackend.EchoAsync("v1"), await TestBackend.EchoAsync("v2"), await TestBackend.EchoAsync("v3") };
        var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = dir.File("data"), Time = time, LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(10) });
        var host = GatewayHost.Create(new GatewayHostOptions
        {
            Gateway = new GatewayOptions
            {
                Services = [TestGateway.Service("ranker", [("v1", backends[0].Url), ("v2", backends[1].Url), ("v3", backends[2].Url)], production: production)],
            },
            Observer = new RecordingObserver(),
            Urls = ["http://127.0.0.1:0"],
            AdminUrls = ["http://127.0.0.1:0"],
            RouteChanges = new StoreRouteChangeGate(store, TimeSpan.FromDays(7), "operator@serve"),
            ActiveHealthChecks = false,
            Time = time,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        });
        await host.StartAsync();
        return new GovernedGateway(dir, time, store, host, backends);
    }

    /// <summary><c>warden route set ranker ARGS --gateway ADMIN --actor alice</c>, in process.</summary>
    public CliRun RouteSet(params string[] args) => CliRun.Of(Time, ["route", "set", "ranker", .. args, "--gateway", AdminUrl, "--actor", "alice"]);

    /// <summary>Records a verdict as <c>warden verdict --record</c> does, at the fake clock's time.</summary>
    public async Task RecordVerdictAsync(string deployment, string candidate, string baseline, string outcome = "GO") =>
        await new ModelRegistry(Store).RecordVerdictAsync(new VerdictRecord
        {
            DeploymentId = deployment,
            Model = "ranker",
            CandidateVersion = candidate,
            BaselineVersion = baseline,
            Outcome = outcome,
            ReportSha256 = new string('c', 64),
            EvidenceIds = ["ev:0a1b2c3d"],
            RecordedAt = Time.GetUtcNow(),
            Actor = "ci",
        });

    /// <summary>The route events of 'ranker' as <c>warden audit list --subject route:ranker --json</c> prints them.</summary>
    public IReadOnlyList<JsonElement> RouteEvents()
    {
        var run = CliRun.Of(Time, "audit", "list", "--subject", "route:ranker", "--json", "--data-dir", DataDir);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        return [.. json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone())];
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Store.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Warden.Gateway.Tests.Support;
using Warden.Tests.Support;

namespace Warden.Tests.Hosting;

/// <summary>
/// Route changes through the admin API on a real gateway and a real SQLite file: each applied
/// change is one route.change event (actor, before → after, revision, reason) committed before the
/// table is published; a new production needs a recent GO verdict against the current one, or an
/// override with a reason; a change whose event cannot be written is not applied.
/// </summary>
public sealed class StoreRouteChangeGateTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private GovernedGateway _g = null!;

    public async Task InitializeAsync() => _g = await GovernedGateway.StartAsync(_dir);

    public async Task DisposeAsync()
    {
        await _g.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Start_FirstRun_OneRouteLoadEvent()
    {
        var load = Assert.Single(_g.RouteEvents());

        Assert.Equal(("route.load", "operator@serve"), (load.GetProperty("action").GetString(), load.GetProperty("actor").GetString()));
        Assert.Equal(JsonValueKind.Null, load.GetProperty("payload").GetProperty("before").ValueKind);
        Assert.Equal("""{"production":"v1","canary":null,"canary_weight":0,"shadow":null}""", Compact(load.GetProperty("payload").GetProperty("after")));
    }

    [Fact]
    public void RouteSet_EachKindOfChange_ExactlyOneEventWithBeforeAfterRevisionActorReason()
    {
        Assert.Equal(0, _g.RouteSet("--canary", "v2", "--weight", "5", "--reason", "start the canary").ExitCode);
        Assert.Equal(0, _g.RouteSet("--weight", "25").ExitCode);
        Assert.Equal(0, _g.RouteSet("--shadow", "v3", "--reason", "mirror v3").ExitCode);
        Assert.Equal(0, _g.RouteSet("--no-canary").ExitCode);

        var changes = _g.RouteEvents().Where(e => e.GetProperty("action").GetString() == "route.change").ToList();
        Assert.Equal(4, changes.Count);
        Assert.All(changes, e => Assert.Equal("alice", e.GetProperty("actor").GetString()));
        Assert.Equal(
            [
                "2|start the canary|canary,canary_weight|{\"production\":\"v1\",\"canary\":null,\"canary_weight\":0,\"shadow\":null}|{\"production\":\"v1\",\"canary\":\"v2\",\"canary_weight\":5,\"shadow\":null}",
                "3||canary_weight|{\"production\":\"v1\",\"canary\":\"v2\",\"canary_weight\":5,\"shadow\":null}|{\"production\":\"v1\",\"canary\":\"v2\",\"canary_weight\":25,\"shadow\":null}",
                "4|mirror v3|shadow|{\"production\":\"v1\",\"canary\":\"v2\",\"canary_weight\":25,\"shadow\":null}|{\"production\":\"v1\",\"canary\":\"v2\",\"canary_weight\":25,\"shadow\":\"v3\"}",
                "5||canary,canary_weight|{\"production\":\"v1\",\"canary\":\"v2\",\"canary_weight\":25,\"shadow\":\"v3\"}|{\"production\":\"v1\",\"canary\":null,\"canary_weight\":0,\"shadow\":\"v3\"}",
            ],
            changes.Select(Summary));
        Assert.Equal(5, _g.Host.Routes.Current.Revision);
    }

    [Fact]
    public void RouteSet_ProductionWithoutGo_RefusedNoEventRouteUnchanged()
    {
        var run = _g.RouteSet("--production", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "error: production: cannot promote ranker v2 to production: no verdict is recorded for it; a GO verdict is needed. Record one with 'warden verdict --evidence BUNDLE --record' (model ranker, candidate v2), or move it anyway with --override --reason \"...\" (recorded as an override).",
            run.Error,
            StringComparison.Ordinal);
        Assert.Equal("v1", _g.Host.Routes.Current.Services["ranker"].Production.Version);
        Assert.Single(_g.RouteEvents());
    }

    [Fact]
    public async Task RouteSet_ProductionWithGoAgainstCurrentProduction_AcceptedEventCarriesTheVerdict()
    {
        await _g.RecordVerdictAsync("dep-v2", "v2", "v1");

        var run = _g.RouteSet("--production", "v2", "--reason", "GO on dep-v2");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("v2", _g.Host.Routes.Current.Services["ranker"].Production.Version);
        var change = _g.RouteEvents()[^1];
        Assert.Equal(("route.change", "dep-v2"), (change.GetProperty("action").GetString(), change.GetProperty("deployment_id").GetString()));
        var payload = change.GetProperty("payload");
        Assert.Equal(("GO", "v1", false, "production"), (payload.GetProperty("verdict").GetString(), payload.GetProperty("verdict_baseline").GetString(), payload.GetProperty("override").GetBoolean(), payload.GetProperty("changed")[0].GetString()));
        Assert.Equal("ev:0a1b2c3d", change.GetProperty("evidence_ids")[0].GetString());
    }

    [Fact]
    public async Task RouteSet_GoAgainstAnotherProduction_RefusedNamingBoth()
    {
        await _g.RecordVerdictAsync("dep-v2", "v2", "v3");

        var run = _g.RouteSet("--production", "v2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "cannot promote ranker v2 to production: the GO verdict of dep-v2 judged v2 against v3, but production holds v1 now; a verdict counts only against the version it replaces. " +
            "Judge v2 against v1 and record that verdict ('warden verdict --evidence BUNDLE --record' with baseline v1), or move it anyway with --override --reason \"...\".",
            run.Error,
            StringComparison.Ordinal);
        Assert.Equal("v1", _g.Host.Routes.Current.Services["ranker"].Production.Version);
    }

    [Theory]
    [InlineData(7 * 24 * 3600 - 1, true)]
    [InlineData(7 * 24 * 3600, true)]
    [InlineData(7 * 24 * 3600 + 1, false)]
    public async Task RouteSet_GoAge_AcceptedUpToVerdictMaxAge(int ageSeconds, bool accepted)
    {
        var recordedAt = _g.Time.GetUtcNow();
        await _g.RecordVerdictAsync("dep-v2", "v2", "v1");
        _g.Time.Advance(TimeSpan.FromSeconds(ageSeconds));

        var run = _g.RouteSet("--production", "v2");

        Assert.True((run.ExitCode == 0) == accepted, run.Error);
        Assert.Equal(accepted ? "v2" : "v1", _g.Host.Routes.Current.Services["ranker"].Production.Version);
        if (!accepted)
        {
            Assert.Contains(
                $"the GO verdict of dep-v2 (judged against v1) was recorded at {Utc(recordedAt)}, 7 d 00:00:01 before now ({Utc(recordedAt.AddSeconds(ageSeconds))}); " +
                "policy.verdict_max_age_days allows at most 7 day(s).",
                run.Error,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RouteSet_OverrideWithReason_AcceptedAndRecordedAsOverride()
    {
        var run = _g.RouteSet("--production", "v3", "--override", "--reason", "hotfix: v1 leaks memory");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("v3", _g.Host.Routes.Current.Services["ranker"].Production.Version);
        var payload = _g.RouteEvents()[^1].GetProperty("payload");
        Assert.Equal((true, "hotfix: v1 leaks memory", JsonValueKind.Null), (payload.GetProperty("override").GetBoolean(), payload.GetProperty("reason").GetString(), payload.GetProperty("verdict").ValueKind));
    }

    [Fact]
    public void RouteSet_TamperedVersion_RefusedEvenWithOverride()
    {
        Assert.Equal(0, CliRun.Of(_g.Time, "registry", "add", "ranker", "v3", "--artifact", Artifact("v3.bin"), "--allow-root", _dir.Path, "--data-dir", _g.DataDir).ExitCode);
        File.WriteAllText(_dir.File("v3.bin"), "other bytes");
        Assert.Equal(6, CliRun.Of(_g.Time, "registry", "verify", "ranker", "v3", "--data-dir", _g.DataDir).ExitCode);

        var run = _g.RouteSet("--production", "v3", "--override", "--reason", "try anyway");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ranker v3 is marked tampered", run.Error, StringComparison.Ordinal);
        Assert.Equal("v1", _g.Host.Routes.Current.Services["ranker"].Production.Version);
    }

    private string Artifact(string name)
    {
        File.WriteAllText(_dir.File(name), "weights");
        return _dir.File(name);
    }

    private static string Summary(JsonElement e)
    {
        var p = e.GetProperty("payload");
        var reason = p.GetProperty("reason").ValueKind == JsonValueKind.String ? p.GetProperty("reason").GetString() : string.Empty;
        var changed = string.Join(",", p.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        return $"{p.GetProperty("revision").GetInt64()}|{reason}|{changed}|{Compact(p.GetProperty("before"))}|{Compact(p.GetProperty("after"))}";
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

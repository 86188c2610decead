using System.Text.Json;
using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Core.Drills;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Gateway.Configuration;
using Warden.Tests.Support;

namespace Warden.Tests.Configuration;

/// <summary>
/// docs/warden.schema.json against every section the executable registers: the same keys at the
/// same paths, so a new section cannot be added without its schema (and the reverse).
/// </summary>
public sealed class WardenConfigSectionsTests
{
    [Fact]
    public void Schema_PropertyNames_MatchEveryRegisteredSection()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "warden.schema.json")));
        var found = SchemaKeys.Collect(schema.RootElement);

        Assert.Equal(
            WardenConfigSections.KnownKeys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} = {string.Join(",", k.Value.Order(StringComparer.Ordinal))}"),
            found.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} = {string.Join(",", k.Value.Order(StringComparer.Ordinal))}"));
    }

    [Fact]
    public void Load_SampleConfig_EverySectionLoads()
    {
        var file = ConfigFileLoader.LoadFile(RepoPaths.Sample("warden.yaml"), WardenConfigSections.All, "gateway");

        Assert.Empty(file.Errors);
        var services = file.Get<GatewayOptions>(GatewayConfigLoader.Section).Services;
        Assert.Equal(["ranker", "ranker-drill"], services.Select(s => s.Name));
        var ranker = services[0];
        Assert.Equal(("ranker", "v1", "v2"), (ranker.Name, ranker.Route.Production.Version, ranker.Route.Shadow!.Version));
        var drill = file.Get<DrillOptions>(DrillConfigLoader.Section).Services["ranker"];
        Assert.Equal(("ranker-drill", "faulty", RepoPaths.Sample("drill-request.json")), (drill.Route, drill.Candidate, drill.RequestBody));
        Assert.Equal(4, file.Get<VerdictPolicy>(PolicyLoader.Section).Quorum);
        var rollout = file.Get<RolloutOptions>(RolloutConfigLoader.Section);
        Assert.Equal([1m, 5m, 25m, 50m, 100m], rollout.PlanFor("ranker").Steps.Select(s => s.WeightPercent));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)), (rollout.Interval, rollout.LeaseDuration));
        var cycle = file.Get<CycleOptions>(CycleConfigLoader.Section);
        Assert.Equal((TimeSpan.FromHours(1), true, TimeSpan.FromHours(1)), (cycle.Interval, cycle.OnStart, cycle.EffectiveWindow));
        var cycleRanker = cycle.Services["ranker"];
        Assert.Equal((RepoPaths.Sample("bundle-go.yaml"), "ranker", false, true), (cycleRanker.Evidence, cycleRanker.ModelFor("ranker"), cycleRanker.AutoRollout, cycleRanker.AutoRollback));
        Assert.Equal(["v2"], cycleRanker.Candidates!);
    }

    [Fact]
    public void Load_CycleAgainstTheRealGateway_UnknownServiceAndBadCandidatesAtTheirNames()
    {
        const string Yaml = """
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:8091/, v2: http://127.0.0.1:8092/ }, production: v1 }
            cycle:
              services:
                rnker: { candidates: [v2] }
                ranker: { candidates: [v1, v3] }
            """;

        var file = ConfigFileLoader.Load(new StringReader(Yaml), new ConfigContext("warden.yaml", null), WardenConfigSections.All, "gateway");

        // Columns counted with Python: 1 + line.find(name).
        Assert.Equal(
            [
                "warden.yaml:6:5: cycle.services.rnker: service 'rnker' is not in gateway.services (did you mean 'ranker'?); expected a service of gateway.services: ranker; correct the name, or add the service to gateway.services",
                "warden.yaml:7:28: cycle.services.ranker.candidates[0]: candidate 'v1' is production; a candidate is a version the cycle judges against production; expected a backend of gateway.services.ranker other than production v1: v2; or remove it",
                "warden.yaml:7:32: cycle.services.ranker.candidates[1]: candidate 'v3' is not a backend of service 'ranker' (did you mean 'v2'?); expected a backend of gateway.services.ranker other than production v1: v2; correct the name, or add the version to gateway.services.ranker.backends",
            ],
            file.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_CycleCandidateInTheRealGateway_Read()
    {
        const string Yaml = """
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:8091/, v2: http://127.0.0.1:8092/ }, production: v1 }
            cycle:
              interval: 30m
              services:
                ranker: { candidates: [v2], auto_rollout: true }
            """;

        var file = ConfigFileLoader.Load(new StringReader(Yaml), new ConfigContext("warden.yaml", null), WardenConfigSections.All, "gateway");

        Assert.Empty(file.Errors);
        var cycle = file.Get<CycleOptions>(CycleConfigLoader.Section);
        Assert.Equal(TimeSpan.FromMinutes(30), cycle.Interval);
        Assert.Equal((true, true), (cycle.For("ranker").AutoRollout, cycle.For("ranker").AutoRollback));
        Assert.Equal(["v2"], cycle.For("ranker").Candidates!);
    }

    [Fact]
    public void Load_RolloutServiceNotInGateway_ErrorAtTheNameNamingTheGatewaysServices()
    {
        const string Yaml = """
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }
            rollout:
              services:
                rnker: { require_approval: true }
            """;

        var file = ConfigFileLoader.Load(new StringReader(Yaml), new ConfigContext("warden.yaml", null), WardenConfigSections.All, "gateway");

        Assert.Equal(
            "warden.yaml:6:5: rollout.services.rnker: service 'rnker' is not in gateway.services (did you mean 'ranker'?); expected a service of gateway.services: ranker; correct the name, or add the service to gateway.services",
            Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_RolloutServiceInGateway_PlanRead()
    {
        const string Yaml = """
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }
            rollout:
              services:
                ranker: { steps: [10, 100], require_approval: true }
            """;

        var file = ConfigFileLoader.Load(new StringReader(Yaml), new ConfigContext("warden.yaml", null), WardenConfigSections.All, "gateway");

        Assert.Empty(file.Errors);
        var plan = file.Get<RolloutOptions>(RolloutConfigLoader.Section).PlanFor("ranker");
        Assert.Equal([10m, 100m], plan.Steps.Select(s => s.WeightPercent));
        Assert.True(plan.RequireApproval);
    }

    [Fact]
    public void Load_DrillServiceNotInGateway_ErrorAtTheNameNamingTheGatewaysServices()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("drill-request.json"), "{}");
        const string Yaml = """
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }
            drill:
              services:
                rnker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: drill-request.json } }
            """;

        var file = ConfigFileLoader.Load(new StringReader(Yaml), new ConfigContext("warden.yaml", folder.Path), WardenConfigSections.All, "gateway");

        Assert.Equal(
            "warden.yaml:6:5: drill.services.rnker: service 'rnker' is not in gateway.services (did you mean 'ranker'?); expected a service of gateway.services: ranker; correct the name, or add the service to gateway.services",
            Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_DrillServiceInGateway_TargetRead()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("drill-request.json"), "{}");
        const string Yaml = """
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }
                ranker-drill: { backends: { v1: http://127.0.0.1:8091/, faulty: http://127.0.0.1:8096/ }, production: v1 }
            drill:
              services:
                ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: drill-request.json } }
            """;

        var file = ConfigFileLoader.Load(new StringReader(Yaml), new ConfigContext("warden.yaml", folder.Path), WardenConfigSections.All, "gateway");

        Assert.Empty(file.Errors);
        var target = Assert.Single(file.Get<DrillOptions>(DrillConfigLoader.Section).Services).Value;
        Assert.Equal(("ranker", "ranker-drill", "faulty"), (target.Service, target.Route, target.Candidate));
        Assert.Equal(folder.File("drill-request.json"), target.RequestBody);
    }

    [Fact]
    public void Load_ErrorsInTwoSections_BothReportedInFileOrder()
    {
        const string Yaml = "policy:\n  quorum: 9\ngateway:\n  max_body_bytes: 0\n  services: {}\nrollot: {}\n";

        var file = ConfigFileLoader.Load(new StringReader(Yaml), new ConfigContext("warden.yaml", null), WardenConfigSections.All, "gateway");

        Assert.Equal(["policy.quorum", "gateway.max_body_bytes", "gateway.services", "rollot"], file.Errors.Select(e => e.Field));
        Assert.Equal(2, file.Errors[0].Line);
    }
}

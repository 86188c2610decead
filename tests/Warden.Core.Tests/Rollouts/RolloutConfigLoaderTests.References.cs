using Warden.Core.Configuration;
using Warden.Core.Rollouts;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Rollouts;

/// <summary>The <c>rollout:</c> section's references outside itself: the evidence file, and service names checked against <c>gateway.services</c>.</summary>
public sealed partial class RolloutConfigLoaderTests
{
    [Fact]
    public void Load_RelativeEvidence_ResolvedAgainstTheFilesFolder()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "bundles"));
        File.WriteAllText(Path.Combine(folder.Path, "bundles", "v2.yaml"), "deployment_id: v2\n");

        var options = LoadOk("rollout:\n  plan: { evidence: bundles/../bundles/v2.yaml }\n  services: { ranker: {} }\n", folder.Path);

        Assert.Equal(Path.Combine(folder.Path, "bundles", "v2.yaml"), options.Defaults.EvidencePath);
        Assert.True(Path.IsPathFullyQualified(options.Defaults.EvidencePath!));
        Assert.Equal(options.Defaults.EvidencePath, options.PlanFor("ranker").EvidencePath);
    }

    [Fact]
    public void Load_AbsoluteEvidence_KeptWhateverTheFolder()
    {
        using var folder = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var bundle = elsewhere.File("evidence.yaml");
        File.WriteAllText(bundle, "deployment_id: x\n");

        var options = LoadOk($"rollout:\n  plan: {{ evidence: {bundle} }}\n", folder.Path);

        Assert.Equal(bundle, options.Defaults.EvidencePath);
    }

    [Fact]
    public void Load_MissingEvidence_ErrorAtTheKeyWithTheResolvedPath()
    {
        using var folder = new TempDirectory();

        var file = Load("rollout:\n  services:\n    ranker: { evidence: evidnce.yaml }\n", folder.Path);

        Assert.Equal(
            $"warden.yaml:3:25: rollout.services.ranker.evidence: the file {folder.File("evidnce.yaml")} does not exist; "
            + "expected an existing evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute: correct the path, or remove the key",
            Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_EvidenceIsAFolder_Error()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "bundle"));

        var error = Assert.Single(Load("rollout:\n  plan: { evidence: bundle }\n", folder.Path).Errors);

        Assert.Equal(("rollout.plan.evidence", $"{Path.Combine(folder.Path, "bundle")} is a folder, not an evidence bundle"), (error.Field, error.Problem));
    }

    [Fact]
    public void Load_ServiceNotInGatewayServices_ErrorAtItsNameNamingTheKnownOnes()
    {
        var yaml = """
            gateway:
              services: { ranker: {}, search: {} }
            rollout:
              services:
                rankr: { bake_minutes: 1 }
                search: {}
                billing: {}
            """;

        var file = Load(yaml, sections: [GatewayStandIn.Section, RolloutConfigLoader.Section]);

        Assert.Equal(
            [
                "warden.yaml:5:5: rollout.services.rankr: service 'rankr' is not in gateway.services (did you mean 'ranker'?); expected a service of gateway.services: ranker, search; correct the name, or add the service to gateway.services",
                "warden.yaml:7:5: rollout.services.billing: service 'billing' is not in gateway.services; expected a service of gateway.services: ranker, search; correct the name, or add the service to gateway.services",
            ],
            file.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("rollout:\n  services: { ranker: {} }\n")]
    [InlineData("gateway: {}\nrollout:\n  services: { ranker: {} }\n")]
    [InlineData("gateway:\n  services: { ranker: {} }\nrollout:\n  services: { ranker: {} }\n")]
    public void Load_NoGatewayServicesOrAKnownName_NoNameError(string yaml)
    {
        var file = Load(yaml, sections: [GatewayStandIn.Section, RolloutConfigLoader.Section]);

        Assert.Empty(file.Errors);
    }

    [Fact]
    public void Load_GatewaySectionNotRegistered_NamesNotChecked()
    {
        // A program that does not read gateway: (here, only rollout:) has nothing to check against;
        // the unknown top-level key is the one error.
        var file = Load("gateway:\n  services: { ranker: {} }\nrollout:\n  services: { other: {} }\n");

        Assert.Equal("gateway", Assert.Single(file.Errors).Field);
    }
}

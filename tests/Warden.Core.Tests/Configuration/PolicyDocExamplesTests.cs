using System.Text.RegularExpressions;
using Warden.Core.Bundle;
using Warden.Core.Policy;

namespace Warden.Core.Tests.Configuration;

/// <summary>The complete examples in docs/policy.md load without errors and mean what the page says.</summary>
public sealed partial class PolicyDocExamplesTests
{
    [Fact]
    public void WardenExample_Loads_WithTheCommentedOverrides()
    {
        var result = PolicyLoader.Load(new StringReader(Example("# warden.yaml")), "docs/policy.md");

        Assert.Empty(result.Errors);
        var expected = new VerdictPolicy
        {
            Compliance = new CompliancePolicy { Uplift = 0.05, UpliftMode = UpliftMode.Absolute },
            ErrorRate = new ErrorRatePolicy { Errors = "5xx,429,ok" },
            Provenance = new ProvenancePolicy { RequireMlflowRunId = true },
        };
        Assert.Equal(expected, result.Policy);
    }

    [Fact]
    public void EvidenceExample_Loads()
    {
        var result = BundleLoader.Load(new StringReader(Example("# evidence.yaml")), "docs/policy.md");

        Assert.Empty(result.Errors);
        var bundle = result.Bundle!;
        Assert.Equal("rank-v2-2026-11-20", bundle.DeploymentId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), bundle.AsOf);
        Assert.Equal("data/v2-ablated.run", bundle.Candidate.AblatedRun!.Path);
        Assert.NotNull(bundle.Candidate.Telemetry!.Sha256);
        Assert.NotNull(bundle.ComplianceLabels!.Sha256);
    }

    private static string Example(string firstLine)
    {
        var page = File.ReadAllText(FindDoc("policy.md"));
        foreach (Match block in YamlBlock().Matches(page))
        {
            var body = block.Groups[1].Value;
            if (body.StartsWith(firstLine + "\n", StringComparison.Ordinal))
            {
                return body;
            }
        }

        throw new InvalidOperationException($"docs/policy.md has no yaml block starting with '{firstLine}'");
    }

    private static string FindDoc(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"docs/{file} not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}

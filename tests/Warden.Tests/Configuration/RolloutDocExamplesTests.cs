using System.Text.RegularExpressions;
using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Configuration;

/// <summary>The examples of docs/rollouts.md load as the page says, and its errors are printed exactly as shown.</summary>
public sealed partial class RolloutDocExamplesTests
{
    [Fact]
    public void Example_Loads_WithTheCommentedValues()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("evidence.yaml"), "deployment_id: x\n");

        var file = Load(Block("```yaml\n# warden.yaml\n"), folder.Path);

        Assert.Empty(file.Errors);
        var rollout = file.Get<RolloutOptions>(RolloutConfigLoader.Section);
        Assert.Equal(folder.File("evidence.yaml"), rollout.Defaults.EvidencePath);
        var ranker = rollout.PlanFor("ranker");
        Assert.Equal(
            [(1m, 5000L, 300.0, 1800.0), (10m, 1000L, 300.0, 1800.0), (50m, 1000L, 300.0, 1800.0)],
            ranker.Steps.Select(s => (s.WeightPercent, s.MinRequests, s.MinDuration.TotalSeconds, s.MaxDuration.TotalSeconds)));
        Assert.True(ranker.RequireApproval);
        Assert.Equal(rollout.Defaults with { Steps = ranker.Steps, RequireApproval = true }, ranker);
    }

    [Fact]
    public void TypicalErrors_PrintedExactlyAsThePageShows()
    {
        var file = Load(Block("```yaml\n# warden.yaml, with four mistakes\n"), folder: null);

        var printed = file.Errors.Select(e => $"error: {e}").Prepend($"error: warden.yaml: {file.Errors.Count} problem(s) in the configuration; the gateway was not started.");
        Assert.Equal(Block("```\nerror: ").TrimEnd('\n').Split('\n'), printed);
    }

    private static ConfigFile Load(string yaml, string? folder) =>
        ConfigFileLoader.Load(new StringReader(yaml), new ConfigContext("warden.yaml", folder), WardenConfigSections.All);

    // The body of the block that opens with start (the fence line and the first line of the body).
    private static string Block(string start)
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "rollouts.md"));
        var at = page.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/rollouts.md has no block starting with {start}");
        var body = page[(page.IndexOf('\n', at) + 1)..];
        return body[..FenceEnd().Match(body).Index];
    }

    [GeneratedRegex("^```$", RegexOptions.Multiline)]
    private static partial Regex FenceEnd();
}

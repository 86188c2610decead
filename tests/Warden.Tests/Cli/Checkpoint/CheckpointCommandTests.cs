using System.Text.Json;
using Warden.Tests.Cli.Registry;

namespace Warden.Tests.Cli.Checkpoint;

public sealed class CheckpointCommandTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public CheckpointCommandTests()
    {
        _f.Run("registry", "add", "ranker", "v1", "--artifact", _f.Artifact("v1.bin", "weights-one"));
        _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "bootstrap");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Verify_DefaultsToProduction_RecordsOkWithAuditEvent()
    {
        var run = _f.Run("checkpoint", "verify", "ranker", "--json");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var json = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("v1", json.GetProperty("version").GetString());
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("reachable").GetBoolean());
        Assert.Equal(json.GetProperty("sha256").GetString(), json.GetProperty("sha256_read").GetString());
        Assert.Equal(0, json.GetProperty("load_time_s").GetDouble());
        Assert.Equal(1, _f.Count("checkpoint_verifications"));
        Assert.Equal(3, _f.Count("audit_events"));
    }

    [Fact]
    public void Verify_LoadCommandFails_RecordsFailedAndExitsSix()
    {
        var run = _f.Run("checkpoint", "verify", "ranker", "v1", "--load-command", "test -s {artifact} && echo 'cannot load' >&2 && exit 3");

        Assert.Equal(6, run.ExitCode);
        Assert.StartsWith("FAILED: checkpoint ranker v1", run.Out, StringComparison.Ordinal);
        Assert.Contains("problem      load command exited with 3: cannot load", run.Out, StringComparison.Ordinal);
        Assert.Equal("failed", JsonDocument.Parse(_f.Run("checkpoint", "list", "--json").Out).RootElement.GetProperty("checkpoints")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Verify_LoadCommandSucceeds_IsOk()
    {
        var run = _f.Run("checkpoint", "verify", "ranker", "v1", "--load-command", "cat {artifact} > /dev/null");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("(cat {artifact} > /dev/null; limit < 30 s)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ArtifactEdited_IsTamperedAndMarksVersion()
    {
        File.WriteAllText(Path.Combine(_f.Artifacts, "v1.bin"), "edited");

        var run = _f.Run("checkpoint", "verify", "ranker");

        Assert.Equal(6, run.ExitCode);
        Assert.StartsWith("TAMPERED: checkpoint ranker v1", run.Out, StringComparison.Ordinal);
        Assert.Contains("TAMPERED since", _f.Run("registry", "show", "ranker", "v1").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void List_AfterMoreThanADay_IsStale()
    {
        _f.Run("checkpoint", "verify", "ranker");
        _f.Time.Advance(TimeSpan.FromHours(25));

        var row = JsonDocument.Parse(_f.Run("checkpoint", "list", "--json").Out).RootElement.GetProperty("checkpoints")[0];

        Assert.Equal("stale", row.GetProperty("status").GetString());
        Assert.Equal(25, row.GetProperty("age_hours").GetDouble());
    }

    [Fact]
    public void Export_WritesYamlAndJsonTwin()
    {
        _f.Run("checkpoint", "verify", "ranker");
        _f.Time.Advance(TimeSpan.FromHours(2));
        var outDir = _f.Dir.File("export");

        var run = _f.Run("checkpoint", "export", "--out", outDir);

        Assert.Equal(0, run.ExitCode);
        var yaml = File.ReadAllText(Path.Combine(outDir, "checkpoint_registry.yaml"));
        Assert.Contains(
            $"  - model: \"ranker\"\n    version: \"v1\"\n    sha256: {Sha("weights-one")}\n    path: \"{Path.Combine(_f.Artifacts, "v1.bin")}\"\n" +
            "    verified_at: 2026-11-22T00:00:00Z\n    age_hours: 2\n    load_time_s: 0\n    status: ok\n",
            yaml,
            StringComparison.Ordinal);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "checkpoint_registry.json"))).RootElement;
        Assert.Equal(24, json.GetProperty("policy").GetProperty("checkpoint_max_age_hours").GetDouble());
        Assert.Equal("ok", json.GetProperty("checkpoints")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Verify_NoProductionAndNoVersion_ExitsTwo()
    {
        _f.Run("registry", "add", "other", "v1", "--artifact", _f.Artifact("o.bin", "o"));

        var run = _f.Run("checkpoint", "verify", "other");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: other has no production alias to verify", run.Error, StringComparison.Ordinal);
    }

    private static string Sha(string content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
}

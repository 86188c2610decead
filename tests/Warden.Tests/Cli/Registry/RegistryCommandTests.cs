using System.Text.Json;

namespace Warden.Tests.Cli.Registry;

public sealed class RegistryCommandTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static string Sha(string content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Add_NewVersion_RecordsHashSizeLineageAndOneAuditEvent()
    {
        var artifact = _f.Artifact("v1.bin", "weights-one");
        var env = _f.Artifact("env.json", $"{{\"runtime\":\"dotnet 10\",\"os\":\"debian 12\",\"lock_hash\":\"abc\",\"artifact_sha256\":\"{Sha("weights-one")}\"}}");

        var run = _f.Run("registry", "add", "ranker", "v1", "--artifact", artifact, "--run-id", "r1", "--data-version", "d7", "--code-rev", "c0ffee", "--env", env, "--tag", "owner=search", "--tag", "stage=dev");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            $"registered ranker v1\n  sha256    {Sha("weights-one")}\n  size      11 bytes\n  artifact  {artifact}\n  event     evt-1 by tester at 2026-11-22T00:00:00Z\n",
            run.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        var show = JsonDocument.Parse(_f.Run("registry", "show", "ranker", "v1", "--json").Out).RootElement;
        Assert.Equal(Sha("weights-one"), show.GetProperty("sha256").GetString());
        Assert.Equal(11, show.GetProperty("size_bytes").GetInt64());
        Assert.Equal("r1", show.GetProperty("lineage").GetProperty("run_id").GetString());
        Assert.Equal("d7", show.GetProperty("lineage").GetProperty("data_version").GetString());
        Assert.Equal("c0ffee", show.GetProperty("lineage").GetProperty("code_rev").GetString());
        Assert.Equal("debian 12", show.GetProperty("lineage").GetProperty("environment").GetProperty("os").GetString());
        Assert.Equal("search", show.GetProperty("tags").GetProperty("owner").GetString());
        Assert.Equal("tester", show.GetProperty("registered_by").GetString());
        Assert.Equal(1, _f.Count("audit_events"));
    }

    [Fact]
    public void Add_SameBytesAgain_IsANoOpWithoutAuditEvent()
    {
        var artifact = _f.Artifact("v1.bin", "weights-one");
        _f.Run("registry", "add", "ranker", "v1", "--artifact", artifact);
        var before = _f.Snapshot();

        var run = _f.Run("registry", "add", "ranker", "v1", "--artifact", _f.Artifact("copy.bin", "weights-one"));

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("unchanged: ranker v1 is already registered with these bytes", run.Out, StringComparison.Ordinal);
        Assert.Equal(before, _f.Snapshot());
    }

    public static TheoryData<string, string[], string> BadInputs => new()
    {
        { "missing artifact", ["registry", "add", "ranker", "v2", "--artifact", "{dir}/artifacts/none.bin"], "--artifact {dir}/artifacts/none.bin: file not found; nothing was registered. Give a readable file." },
        { "directory", ["registry", "add", "ranker", "v2", "--artifact", "{dir}/artifacts"], "--artifact {dir}/artifacts: is a directory, not a file; nothing was registered. Give a readable file." },
        { "escaping root", ["registry", "add", "ranker", "v2", "--artifact", "{dir}/artifacts/../outside.bin"], "--artifact {dir}/artifacts/../outside.bin: resolves to {dir}/outside.bin, outside the allowed roots ({dir}/artifacts)." },
        { "escaping symlink", ["registry", "add", "ranker", "v2", "--artifact", "{dir}/artifacts/link.bin"], "--artifact {dir}/artifacts/link.bin: resolves to {dir}/outside.bin, outside the allowed roots ({dir}/artifacts)." },
        { "duplicate version", ["registry", "add", "ranker", "v1", "--artifact", "{dir}/artifacts/v2.bin"], $"ranker v1 is already registered with sha256 " },
        { "unknown alias target", ["registry", "alias", "ranker", "canary", "v9"], "ranker has no version 'v9'; registered versions: v1." },
        { "bad alias", ["registry", "alias", "ranker", "Prod!", "v1"], "alias 'Prod!' is not valid" },
        { "malformed env", ["registry", "add", "ranker", "v2", "--artifact", "{dir}/artifacts/v2.bin", "--env", "{dir}/artifacts/bad-env.json"], "{dir}/artifacts/bad-env.json:1:" },
        { "promotion without verdict", ["registry", "alias", "ranker", "production", "v1"], "cannot promote ranker v1 to production: no verdict is recorded for it; a GO verdict is needed." },
        { "override without reason", ["registry", "alias", "ranker", "production", "v1", "--override"], "--override needs --reason" },
        { "bad tag", ["registry", "add", "ranker", "v2", "--artifact", "{dir}/artifacts/v2.bin", "--tag", "novalue"], "--tag 'novalue' is not key=value" },
        { "unknown model", ["registry", "show", "ghost"], "model 'ghost' has no registered versions" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInput_ExitsTwoWithMessage_StoreUnchanged(string name, string[] args, string message)
    {
        _f.Run("registry", "add", "ranker", "v1", "--artifact", _f.Artifact("v1.bin", "weights-one"));
        _f.Artifact("v2.bin", "weights-two");
        _f.Artifact("bad-env.json", "{\"runtime\": 12}");
        File.WriteAllText(_f.Dir.File("outside.bin"), "outside");
        File.CreateSymbolicLink(Path.Combine(_f.Artifacts, "link.bin"), _f.Dir.File("outside.bin"));
        var before = _f.Snapshot();

        var run = _f.Run([.. args.Select(a => a.Replace("{dir}", _f.Dir.Path, StringComparison.Ordinal))]);

        Assert.True(run.ExitCode == 2, $"{name}: exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        Assert.Contains("error: " + message.Replace("{dir}", _f.Dir.Path, StringComparison.Ordinal), run.Error, StringComparison.Ordinal);
        Assert.Equal(before, _f.Snapshot());
    }

    [Fact]
    public async Task Add_DatabaseLockedByAnotherWriter_ExitsTwoAndWritesNothing()
    {
        var artifact = _f.Artifact("v1.bin", "weights-one");
        (await Warden.Storage.Sqlite.SqliteStore.OpenAsync(new Warden.Storage.Sqlite.SqliteStoreOptions { DataDirectory = _f.DataDir })).Dispose();
        using (var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_f.DataDir, "warden.db")};Pooling=False"))
        {
            holder.Open();
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();

            var run = _f.Run("registry", "add", "ranker", "v1", "--artifact", artifact, "--lock-timeout", "0.2");

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("the database is locked by another process", run.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, _f.Count("model_versions"));
        Assert.Equal(0, _f.Count("audit_events"));
    }

    [Fact]
    public void Alias_ProductionWithOverride_RecordsOverrideThenPreviousOnNextMove()
    {
        _f.Run("registry", "add", "ranker", "v1", "--artifact", _f.Artifact("v1.bin", "weights-one"));
        _f.Run("registry", "add", "ranker", "v2", "--artifact", _f.Artifact("v2.bin", "weights-two"));

        var first = _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "bootstrap");
        _f.Time.Advance(TimeSpan.FromHours(1));
        var second = _f.Run("registry", "alias", "ranker", "production", "v2", "--override", "--reason", "hotfix");

        Assert.Equal("ranker/production: none → v1 (OVERRIDE without a GO verdict: bootstrap; evt-3)\n", first.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(
            "ranker/production: v1 → v2 (OVERRIDE without a GO verdict: hotfix; evt-4)\nranker/previous: none → v1 (automatic: production's old version; evt-5)\n",
            second.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        var at = JsonDocument.Parse(_f.Run("registry", "history", "ranker", "--at", "2026-11-22T00:30:00Z", "--json").Out).RootElement;
        var held = Assert.Single(at.GetProperty("aliases").EnumerateArray());
        Assert.Equal("production", held.GetProperty("alias").GetString());
        Assert.Equal("v1", held.GetProperty("version").GetString());
        var now = JsonDocument.Parse(_f.Run("registry", "history", "ranker", "--at", "2026-11-22T01:00:00Z", "--json").Out).RootElement;
        Assert.Equal(["previous=v1", "production=v2"], now.GetProperty("aliases").EnumerateArray().Select(a => $"{a.GetProperty("alias").GetString()}={a.GetProperty("version").GetString()}"));
        Assert.Equal(5, _f.Count("audit_events"));
    }

    [Fact]
    public void Verify_ArtifactChanged_MarksTamperedExitsSixAndBlocksPromotion()
    {
        var artifact = _f.Artifact("v1.bin", "weights-one");
        _f.Run("registry", "add", "ranker", "v1", "--artifact", artifact);
        Assert.Equal(0, _f.Run("registry", "verify", "ranker", "v1").ExitCode);

        File.WriteAllText(artifact, "weights-one, edited");
        var run = _f.Run("registry", "verify", "ranker", "v1");

        Assert.Equal(6, run.ExitCode);
        Assert.StartsWith($"TAMPERED: ranker v1: registered sha256 {Sha("weights-one")}, read {Sha("weights-one, edited")}", run.Out, StringComparison.Ordinal);
        Assert.Contains("TAMPERED since 2026-11-22T00:00:00Z: sha256 differs", _f.Run("registry", "show", "ranker", "v1").Out, StringComparison.Ordinal);
        var promote = _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "x");
        Assert.Equal(2, promote.ExitCode);
        Assert.Contains("is marked tampered (sha256 differs", promote.Error, StringComparison.Ordinal);
        Assert.Equal(2, _f.Count("artifact_verifications"));
    }

    [Fact]
    public void List_Json_HasEveryVersionWithAliases()
    {
        _f.Run("registry", "add", "ranker", "v1", "--artifact", _f.Artifact("v1.bin", "weights-one"));
        _f.Run("registry", "add", "ranker", "v2", "--artifact", _f.Artifact("v2.bin", "weights-two"));
        _f.Run("registry", "alias", "ranker", "canary", "v2");

        var list = JsonDocument.Parse(_f.Run("registry", "list", "--json").Out).RootElement.GetProperty("versions");

        Assert.Equal(["v1:", "v2:canary"], list.EnumerateArray().Select(v => $"{v.GetProperty("version").GetString()}:{string.Join(",", v.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()))}"));
    }
}

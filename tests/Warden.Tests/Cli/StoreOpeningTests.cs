using Microsoft.Data.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Support;

namespace Warden.Tests.Cli;

/// <summary>
/// Commands that read the store never create one, work on a read-only database, and say plainly
/// when the store is missing, wiped, empty, or on a full disk.
/// </summary>
public sealed class StoreOpeningTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    public static TheoryData<string[]> ReadCommands => new()
    {
        new[] { "audit", "verify" },
        new[] { "audit", "list" },
        new[] { "audit", "head" },
        new[] { "registry", "list" },
        new[] { "registry", "show", "ranker" },
        new[] { "registry", "history", "ranker" },
        new[] { "checkpoint", "list" },
        new[] { "checkpoint", "export", "--out", "." },
        new[] { "registry", "verify", "ranker", "v1" },
        new[] { "registry", "alias", "ranker", "canary", "v1" },
        new[] { "checkpoint", "verify", "ranker", "v1" },
    };

    [Theory]
    [MemberData(nameof(ReadCommands))]
    public void Command_MissingDataDirectory_ExitsTwoNamingThePathAndCreatesNothing(string[] args)
    {
        var typo = _f.Dir.File("typo");

        var run = CliRun.Of(_f.Time, [.. args, "--data-dir", typo]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {Path.Combine(typo, "warden.db")}: no Warden database here (the directory does not exist either). " +
            "Check --data-dir (or WARDEN_DATA_DIR); this command reads an existing store and never creates one.\n",
            run.Error.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(typo));
    }

    [Fact]
    public void AuditVerify_DatabaseTruncatedToZeroBytes_ExitsSixSayingEmptyAndLeavesTheFile()
    {
        Assert.Equal(0, _f.Run("registry", "add", "ranker", "v1", "--artifact", _f.Artifact("v1.bin", "weights-v1")).ExitCode);
        var db = Path.Combine(_f.DataDir, "warden.db");
        File.WriteAllBytes(db, []);
        File.Delete(db + "-wal");
        File.Delete(db + "-shm");

        var run = _f.Run("audit", "verify");
        var allowed = _f.Run("audit", "verify", "--allow-empty");
        var list = _f.Run("registry", "list");

        Assert.Equal(6, run.ExitCode);
        Assert.Equal($"EMPTY: {db}: the database is empty (the file is 0 bytes): no Warden schema, no audit log. It was truncated or wiped, or is not Warden's; restore it from a backup. This command does not create a store.\n", run.Out.ReplaceLineEndings("\n"));
        Assert.Equal(6, allowed.ExitCode);
        Assert.Equal(2, list.ExitCode);
        Assert.Contains("the database is empty (the file is 0 bytes)", list.Error, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(db).Length);
    }

    [Fact]
    public async Task AuditVerify_StoreWithEmptyLog_ExitsSixUnlessAllowEmpty()
    {
        (await Warden.Storage.Sqlite.SqliteStore.OpenAsync(new Warden.Storage.Sqlite.SqliteStoreOptions { DataDirectory = _f.DataDir })).Dispose();

        var run = _f.Run("audit", "verify");
        var allowed = _f.Run("audit", "verify", "--allow-empty");
        var json = _f.Run("audit", "verify", "--json");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("EMPTY: the log has no events. If this store has recorded nothing yet, pass --allow-empty; otherwise the log was wiped", run.Out, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("intact: the log is empty (--allow-empty).", allowed.Out, StringComparison.Ordinal);
        Assert.Equal(6, json.ExitCode);
        Assert.Contains("\"empty\": true", json.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditVerify_OneEvent_IsNotEmpty()
    {
        // The boundary of the empty rule: one event is a log.
        Assert.Equal(0, _f.Run("audit", "append", "--subject", "service:search").ExitCode);

        Assert.Equal(0, _f.Run("audit", "verify").ExitCode);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ReadCommands_ReadOnlyFileAndReadOnlyMount_Work()
    {
        using var mount = new TmpfsMount(4 << 20);
        var dataDir = mount.File("data");
        var artifact = mount.File("v1.bin");
        File.WriteAllText(artifact, "weights-v1");
        Assert.Equal(0, CliRun.Of(_f.Time, "registry", "add", "ranker", "v1", "--artifact", artifact, "--allow-root", mount.Path, "--data-dir", dataDir).ExitCode);
        var db = Path.Combine(dataDir, "warden.db");

        // Mode 0444 stops other users, but these tests run as root, for whom file modes do not stop
        // writes; what makes the commands work on such a file is SQLite's read-only open, which a
        // read-only mount (below) proves, since there even root cannot write.
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var onFile = CliRun.Of(_f.Time, "audit", "verify", "--data-dir", dataDir);
        mount.MakeReadOnly();
        var verify = CliRun.Of(_f.Time, "audit", "verify", "--data-dir", dataDir);
        var list = CliRun.Of(_f.Time, "registry", "list", "--data-dir", dataDir);
        var write = CliRun.Of(_f.Time, "audit", "append", "--subject", "service:search", "--data-dir", dataDir);

        Assert.True(onFile.ExitCode == 0, onFile.Out + onFile.Error);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Contains("1 event(s), 1 state row(s) checked.", verify.Out, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("ranker           v1", list.Out, StringComparison.Ordinal);
        Assert.Equal(2, write.ExitCode);
    }

    [Fact]
    public void AuditVerify_DiskFull_SaysDiskFullWithThePathAndTheFix()
    {
        using var mount = new TmpfsMount(1 << 20);
        var dataDir = mount.File("data");
        Assert.Equal(0, CliRun.Of(_f.Time, "audit", "append", "--subject", "service:search", "--data-dir", dataDir).ExitCode);
        var db = Path.Combine(dataDir, "warden.db");
        // A reader needs room for the WAL index (-shm); with it gone and the disk full, SQLite's
        // failure is a generic I/O error whose cause (ENOSPC) only the OS errno tells.
        File.Delete(db + "-shm");
        File.Delete(db + "-wal");
        mount.Fill();

        var run = CliRun.Of(_f.Time, "audit", "verify", "--data-dir", dataDir);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {db}: the disk is full (SQLite Error 10: 'disk I/O error'); nothing was written. Free space on that file system", run.Error, StringComparison.Ordinal);
        Assert.Contains("or move the data directory with --data-dir.", run.Error, StringComparison.Ordinal);
    }
}

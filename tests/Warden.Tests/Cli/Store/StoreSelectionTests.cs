using Warden.Tests.Support;

namespace Warden.Tests.Cli.Store;

/// <summary>
/// Which store a command opens: <c>--store</c>, else <c>WARDEN_STORE</c>, else the SQLite file in
/// the data directory; a store address Warden does not know is exit 2 with the forms it does.
/// </summary>
public sealed class StoreSelectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("dir")]
    [InlineData("file")]
    [InlineData("url")]
    public void RegistryAdd_StoreSqlite_WritesThatDataDirectory(string form)
    {
        var data = _dir.File("state");
        var store = form switch
        {
            "dir" => $"sqlite:{data}",
            "file" => $"sqlite:{Path.Combine(data, "warden.db")}",
            _ => $"sqlite://{data}",
        };

        var add = CliRun.WithVariables(new Dictionary<string, string>(), "registry", "add", "ranker", "v1", "--artifact", Artifact(), "--allow-root", _dir.Path, "--store", store, "--data-dir", _dir.File("elsewhere"));

        Assert.Equal(0, add.ExitCode);
        Assert.True(File.Exists(Path.Combine(data, "warden.db")));
        Assert.False(Directory.Exists(_dir.File("elsewhere")));
    }

    [Fact]
    public void RegistryList_WardenStoreVariable_UsedWithoutTheOption_AndTheOptionWins()
    {
        var fromEnv = _dir.File("env");
        var fromOption = _dir.File("option");
        var variables = new Dictionary<string, string> { ["WARDEN_STORE"] = $"sqlite:{fromEnv}" };
        Assert.Equal(0, CliRun.WithVariables(variables, "registry", "add", "ranker", "v1", "--artifact", Artifact(), "--allow-root", _dir.Path).ExitCode);
        Assert.Equal(0, CliRun.WithVariables(variables, "registry", "add", "ranker", "v9", "--artifact", Artifact(), "--allow-root", _dir.Path, "--store", $"sqlite:{fromOption}").ExitCode);

        var viaEnv = CliRun.WithVariables(variables, "registry", "list");
        var viaOption = CliRun.WithVariables(variables, "registry", "list", "--store", $"sqlite:{fromOption}");

        Assert.Contains("v1", viaEnv.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("v9", viaEnv.Out, StringComparison.Ordinal);
        Assert.Contains("v9", viaOption.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("v1", viaOption.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--store", "mysql://db/warden", "--store: 'mysql:' is not a store Warden knows: write sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE.")]
    [InlineData("--store", "/srv/warden", "--store: not a store address: write sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE.")]
    [InlineData("--store", "sqlite:", "--store: sqlite: needs a path: sqlite:/srv/warden/.warden (the data directory) or sqlite:/srv/warden/.warden/warden.db.")]
    [InlineData("WARDEN_STORE", "redis://x", "WARDEN_STORE: 'redis:' is not a store Warden knows: write sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE.")]
    public void RegistryList_UnknownStoreAddress_ExitsTwoWithTheFormsItKnows(string where, string value, string message)
    {
        var run = where == "--store"
            ? CliRun.WithVariables(new Dictionary<string, string>(), "registry", "list", "--store", value)
            : CliRun.WithVariables(new Dictionary<string, string> { [where] = value }, "registry", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {message}\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void RegistryList_SqliteFileNotNamedWardenDb_ExitsTwoNamingTheDirectory()
    {
        var file = _dir.File("state.db");

        var run = CliRun.WithVariables(new Dictionary<string, string>(), "registry", "list", "--store", $"sqlite:{file}");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: --store: {file}: the SQLite store is always a file named warden.db in a data directory; give the directory (sqlite:{_dir.Path}) or the path of its warden.db.\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    private string Artifact()
    {
        var path = _dir.File("v1.bin");
        File.WriteAllText(path, "weights");
        return path;
    }
}

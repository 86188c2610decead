using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Storage;
using Warden.Tests.Support;

namespace Warden.Tests.Configuration;

/// <summary>
/// warden.yaml's <c>store:</c>: an address alone or a mapping with url and password_file; a
/// relative SQLite path resolves against the file's folder; a password in the URL is refused
/// without being echoed.
/// </summary>
public sealed class StoreSectionTests : IDisposable
{
    private const string Gateway = """
        gateway:
          services:
            ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }

        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("store: postgres://warden@db.internal:5432/warden", "Postgres", "postgres://warden@db.internal:5432/warden")]
    [InlineData("store: postgresql://warden@db/warden?sslmode=require", "Postgres", "postgresql://warden@db/warden?sslmode=require")]
    [InlineData("store: { url: 'postgres://warden@db/warden' }", "Postgres", "postgres://warden@db/warden")]
    [InlineData("store: sqlite:state", "Sqlite", "{dir}/state")]
    [InlineData("store: sqlite:state/warden.db", "Sqlite", "{dir}/state")]
    [InlineData("store: sqlite:/srv/warden", "Sqlite", "/srv/warden")]
    public void Load_StoreAddress_Read(string line, string kind, string text)
    {
        var file = Load(line);

        Assert.Empty(file.Errors);
        var address = file.Get<StoreSettings>(StoreConfigLoader.Section).Address!;
        Assert.Equal((Enum.Parse<StoreKind>(kind), text.Replace("{dir}", _dir.Path, StringComparison.Ordinal)), (address.Kind, address.Text));
    }

    [Fact]
    public void Load_NoStore_NoAddress()
    {
        var file = Load(string.Empty);

        Assert.Empty(file.Errors);
        Assert.Null(file.Get<StoreSettings>(StoreConfigLoader.Section).Address);
    }

    [Fact]
    public void Load_PasswordFile_ResolvedAgainstTheFilesFolder()
    {
        File.WriteAllText(_dir.File("pg-password"), "s3cret\n");

        var file = Load("store: { url: postgres://warden@db/warden, password_file: pg-password }");

        Assert.Empty(file.Errors);
        Assert.Equal(_dir.File("pg-password"), file.Get<StoreSettings>(StoreConfigLoader.Section).PasswordFile);
    }

    // Columns counted by hand: 1 + the index of the value (or the key) in its line.
    [Theory]
    [InlineData("store: postgres://warden:hunter2@db/warden", "warden.yaml:4:8: store: the URL holds a password; expected postgres://USER@HOST:PORT/DATABASE without ':PASSWORD'; give the password in PGPASSWORD or store.password_file")]
    [InlineData("store: mysql://db/warden", "warden.yaml:4:8: store: 'mysql:' is not a store Warden knows: write sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE; expected a store address: sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE")]
    [InlineData("store: { url: sqlite:x, password_file: nope }", "warden.yaml:4:40: store.password_file: a password file is for a postgres:// store; expected remove store.password_file, or set store.url to postgres://USER@HOST:PORT/DATABASE")]
    [InlineData("store: { pasword_file: x }", "warden.yaml:4:10: store.pasword_file: unknown key 'pasword_file'; did you mean 'password_file'?; expected one of url, password_file")]
    public void Load_BadStore_OneErrorAtTheValue(string line, string error)
    {
        var file = Load(line);

        Assert.Equal(error, Assert.Single(file.Errors).ToString());
        Assert.DoesNotContain(file.Errors, e => e.ToString().Contains("hunter2", StringComparison.Ordinal));
    }

    private ConfigFile Load(string storeLine) =>
        ConfigFileLoader.Load(new StringReader(Gateway + storeLine), new ConfigContext("warden.yaml", _dir.Path), WardenConfigSections.All, "gateway");
}

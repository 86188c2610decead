using Npgsql;
using Warden.Storage.Postgres;
using Warden.Tests.Support;

namespace Warden.Storage.Postgres.Tests;

/// <summary>The store URL: what it becomes, where the password comes from, and every refusal worded without the password.</summary>
public sealed class PostgresStoreUrlTests : IDisposable
{
    private const string Secret = "hunter2";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("postgres://warden@127.0.0.1:15432/warden", "127.0.0.1", 15432, "warden", "warden", "postgres://warden@127.0.0.1:15432/warden")]
    [InlineData("postgresql://warden@db.internal/state", "db.internal", 5432, "warden", "state", "postgres://warden@db.internal:5432/state")]
    [InlineData("POSTGRES://ops%2Fci@[::1]:6543/w%20d", "::1", 6543, "ops/ci", "w d", "postgres://ops%2Fci@[::1]:6543/w%20d")]
    [InlineData("postgres://warden@db:5433/warden?schema=team_a", "db", 5433, "warden", "warden", "postgres://warden@db:5433/warden?schema=team_a")]
    public void Parse_ValidUrl_GivesTheConnectionAndALocationWithoutPassword(string url, string host, int port, string user, string database, string location)
    {
        var parsed = PostgresStoreUrl.Parse(url, NoEnvironment);

        var b = new NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal((host, port, user, database), (b.Host, b.Port, b.Username, b.Database));
        Assert.Equal(location, parsed.Location);
        Assert.Equal(location, parsed.ToString());
        Assert.Null(b.Password);
        Assert.Equal(PostgresStoreUrl.PasswordSource.None, parsed.PasswordFrom);
    }

    [Fact]
    public void Parse_QueryParameters_SetSslTimeoutNameAndSchema()
    {
        var parsed = PostgresStoreUrl.Parse("postgres://warden@db/warden?sslmode=verify-full&connect_timeout=7&application_name=gw%201&schema=ops", NoEnvironment);

        var b = new NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal((SslMode.VerifyFull, 7, "gw 1"), (b.SslMode, b.Timeout, b.ApplicationName));
        Assert.Equal("ops", parsed.Schema);
        Assert.Equal("ops", parsed.ToOptions().Schema);
        Assert.Equal("postgres://warden@db:5432/warden?schema=ops", parsed.ToOptions().Location);
    }

    [Fact]
    public void Parse_PasswordInTheUrl_IsUsedAndShownNowhere()
    {
        var parsed = PostgresStoreUrl.Parse($"postgres://warden:{Secret}%40x@127.0.0.1:15432/warden", Environment(("PGPASSWORD", "other")));

        Assert.Equal(Secret + "@x", new NpgsqlConnectionStringBuilder(parsed.ConnectionString).Password);
        Assert.Equal(PostgresStoreUrl.PasswordSource.Url, parsed.PasswordFrom);
        Assert.Equal("postgres://warden@127.0.0.1:15432/warden", parsed.Location);
        Assert.DoesNotContain(Secret, parsed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, parsed.ToOptions().Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordFileAndPgPassword_FileFirstOneTrailingLineBreakDropped()
    {
        var file = _dir.File("password");
        File.WriteAllText(file, Secret + " \n");

        var fromFile = PostgresStoreUrl.Parse("postgres://warden@db/warden", Environment(("WARDEN_STORE_PASSWORD_FILE", file), ("PGPASSWORD", "other")));
        var fromVariable = PostgresStoreUrl.Parse("postgres://warden@db/warden", Environment(("PGPASSWORD", Secret)));

        Assert.Equal((Secret + " ", PostgresStoreUrl.PasswordSource.File), (new NpgsqlConnectionStringBuilder(fromFile.ConnectionString).Password, fromFile.PasswordFrom));
        Assert.Equal((Secret, PostgresStoreUrl.PasswordSource.Environment), (new NpgsqlConnectionStringBuilder(fromVariable.ConnectionString).Password, fromVariable.PasswordFrom));
    }

    [Theory]
    [InlineData("warden.db", "store URL 'warden.db': it is not a URL; write postgres://USER@HOST:5432/DATABASE")]
    [InlineData("mysql://warden:hunter2@db/warden", "store URL 'mysql://warden@db/warden': the scheme 'mysql' is not postgres:// or postgresql://; write postgres://USER@HOST:5432/DATABASE")]
    [InlineData("postgres://warden:hunter2@db:54x2/warden", "store URL 'postgres://warden@db:54x2/warden': the port '54x2' is not a number from 1 to 65535; write e.g. :5432 after the host, or leave it out for 5432")]
    [InlineData("postgres://warden:hunter2@db:0/warden", "store URL 'postgres://warden@db:0/warden': the port '0' is not a number from 1 to 65535; write e.g. :5432 after the host, or leave it out for 5432")]
    [InlineData("postgres://db:5432/warden", "store URL 'postgres://db:5432/warden': no user; write it before the host: postgres://USER@HOST:5432/DATABASE")]
    [InlineData("postgres://warden:hunter2@:5432/warden", "store URL 'postgres://warden@:5432/warden': no host; write it after the user: postgres://USER@HOST:5432/DATABASE")]
    [InlineData("postgres://warden:hunter2@db:5432", "store URL 'postgres://warden@db:5432': no database; write it after the host and port: postgres://USER@HOST:5432/DATABASE")]
    [InlineData("postgres://warden@db/warden?sslmode=on", "store URL 'postgres://warden@db/warden?sslmode=on': sslmode 'on' is not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgres://warden@db/warden?search_path=x", "store URL 'postgres://warden@db/warden?search_path=x': the query parameter 'search_path' is not one Warden reads; use sslmode, connect_timeout, application_name, schema")]
    [InlineData("postgres://warden@db/warden?schema=Team-A", "store URL 'postgres://warden@db/warden?schema=Team-A': the schema name 'Team-A' is not 1 to 57 lower-case letters, digits or underscores starting with a letter or underscore; use e.g. 'warden'")]
    [InlineData("postgres://warden:hunter2@[::1/warden", "store URL 'postgres://warden@[::1/warden': the IPv6 host '[::1' has no closing ']'; write it as [::1]")]
    public void Parse_InvalidUrl_NamesThePartAndTheFixWithoutThePassword(string url, string message)
    {
        var ex = Assert.Throws<FormatException>(() => PostgresStoreUrl.Parse(url, NoEnvironment));

        Assert.Equal(message, ex.Message);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ListsEveryOne()
    {
        var ex = Assert.Throws<FormatException>(() => PostgresStoreUrl.Parse("postgres://:hunter2@db:99999?sslmode=no", NoEnvironment));

        Assert.Equal(
            string.Join(System.Environment.NewLine,
                "store URL 'postgres://@db:99999?sslmode=no' has 4 problems:",
                "  - the port '99999' is not a number from 1 to 65535; write e.g. :5432 after the host, or leave it out for 5432",
                "  - no user; write it before the host: postgres://USER@HOST:5432/DATABASE",
                "  - no database; write it after the host and port: postgres://USER@HOST:5432/DATABASE",
                "  - sslmode 'no' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
            ex.Message);
    }

    [Fact]
    public void Parse_UnreadablePasswordFile_NamesTheVariableAndThePathNotAPassword()
    {
        var missing = _dir.File("nope");

        var ex = Assert.Throws<FormatException>(() => PostgresStoreUrl.Parse("postgres://warden@db/warden", Environment(("WARDEN_STORE_PASSWORD_FILE", missing))));

        Assert.StartsWith($"store URL 'postgres://warden@db/warden': the password file '{missing}' (WARDEN_STORE_PASSWORD_FILE) cannot be read (", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("); point WARDEN_STORE_PASSWORD_FILE at a readable file, or unset it", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u:hunter2@h/d", "postgres://u@h/d")]
    [InlineData("postgres://u:hun/ter?2#x@h:1/d", "postgres://u@h:1/d")]
    [InlineData("postgres://u@h/d?application_name=a:b@c", "postgres://u@h/d?application_name=a:b@c")]
    [InlineData("postgres://u:hunter2@h/d?application_name=a@c", "postgres://u@c")]
    [InlineData("postgres://h:5432/d?application_name=a@c", "postgres://h@c")]
    [InlineData("not a url", "not a url")]
    public void Redact_AnyUrl_LeavesNoPartOfThePassword(string url, string redacted)
    {
        Assert.Equal(redacted, PostgresStoreUrl.Redact(url));
    }

    [Theory]
    [InlineData("postgres://x", true)]
    [InlineData("PostgreSQL://x", true)]
    [InlineData("sqlite:/srv/warden.db", false)]
    [InlineData("/srv/warden", false)]
    public void IsPostgresUrl_BySchemeOnly(string store, bool expected) => Assert.Equal(expected, PostgresStoreUrl.IsPostgresUrl(store));

    private static string? NoEnvironment(string name) => null;

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

using System.Text;
using System.Text.Json;
using Warden.Tests.Cli.Registry;

namespace Warden.Tests.Cli.Token;

/// <summary><c>warden token create|list|revoke</c> in-process on a real store, and where the token must never appear.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Create_PrintsTheTokenAloneOnStdoutAndSaysItIsShownOnce()
    {
        var run = _f.Run("token", "create", "--name", "ci-deploy", "--role", "operator", "--expires", "90d");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches("^wdn_[0-9a-f]{16}_[0-9a-f]{64}\n$", run.Out.ReplaceLineEndings("\n"));
        Assert.Equal(
            "created token 'ci-deploy' (operator, expires 2027-02-20T00:00:00Z) as evt-1. It is shown only once, above: Warden keeps only a salted hash of it. " +
            "Store it now (e.g. as WARDEN_TOKEN in your CI's secrets).\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void List_ShowsEveryTokenWithStatusAndNeverTheHash()
    {
        Create("ci-deploy", "operator", "--expires", "1d");
        Create("release", "approver");
        Create("old", "viewer");
        Assert.Equal(0, _f.Run("token", "revoke", "old").ExitCode);
        _f.Time.Advance(TimeSpan.FromDays(1));

        var run = _f.Run("token", "list");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+ROLE\s+STATUS\s+ID\s+CREATED\s+BY\s+EXPIRES\s+REVOKED$", lines[0]);
        Assert.Matches(@"^ci-deploy\s+operator\s+expired\s+[0-9a-f]{16}\s+2026-11-22T00:00:00Z\s+tester\s+2026-11-23T00:00:00Z\s+-$", lines[1]);
        Assert.Matches(@"^release\s+approver\s+active\s+[0-9a-f]{16}\s+2026-11-22T00:00:00Z\s+tester\s+never\s+-$", lines[2]);
        Assert.Matches(@"^old\s+viewer\s+revoked\s+[0-9a-f]{16}\s+2026-11-22T00:00:00Z\s+tester\s+never\s+2026-11-22T00:00:00Z by tester$", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void List_Json_FieldsWithoutSaltOrHash()
    {
        Create("ci-deploy", "admin", "--expires", "12h");

        var run = _f.Run("token", "list", "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var token = Assert.Single(doc.RootElement.GetProperty("tokens").EnumerateArray().ToList());
        Assert.Equal(
            ["name", "role", "status", "id", "created_at", "created_by", "expires_at", "revoked_at", "revoked_by"],
            token.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ci-deploy", "admin", "active"), (token.GetProperty("name").GetString(), token.GetProperty("role").GetString(), token.GetProperty("status").GetString()));
    }

    [Fact]
    public void List_NoTokens_SaysHowToCreateOne()
    {
        Assert.Equal(0, _f.Run("audit", "append", "--subject", "service:x").ExitCode);

        var run = _f.Run("token", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("no API tokens yet; create one with 'warden token create", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoke_Twice_SecondIsExitTwoAndChangesNothing()
    {
        Create("ci", "viewer");

        var first = _f.Run("token", "revoke", "ci");
        var snapshot = Events();
        var second = _f.Run("token", "revoke", "ci");

        Assert.Equal((0, "revoked token 'ci' (viewer) as evt-2; calls with it are refused from now on.\n"), (first.ExitCode, first.Out.ReplaceLineEndings("\n")));
        Assert.Equal(2, second.ExitCode);
        Assert.Equal("error: token 'ci' was already revoked at 2026-11-22T00:00:00.0000000Z by tester; nothing was changed.\n", second.Error.ReplaceLineEndings("\n"));
        Assert.Equal(snapshot, Events());
    }

    [Fact]
    public void Revoke_UnknownName_ExitTwoListingActiveTokens()
    {
        Create("ci", "viewer");
        Create("release", "approver");

        var run = _f.Run("token", "revoke", "nobody");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: no token is named 'nobody'; active tokens: ci, release ('warden token list' shows all).\n", run.Error.ReplaceLineEndings("\n"));
    }

    public static TheoryData<string[], string> BadCreates => new()
    {
        { ["--name", "ci", "--role", "root"], "error: --role root: not a role; give one of viewer, operator, approver, admin (docs/roles.md).\n" },
        { ["--name", "ci", "--role", "Admin"], "error: --role Admin: not a role; give one of viewer, operator, approver, admin (docs/roles.md).\n" },
        {
            ["--name", "ci", "--role", "viewer", "--expires", "90"],
            "error: --expires 90: give a positive whole number and one of s, m, h, d or w, e.g. 90d; leave it out for a token that never expires.\n"
        },
        {
            ["--name", "ci", "--role", "viewer", "--expires", "0d"],
            "error: --expires 0d: give a positive whole number and one of s, m, h, d or w, e.g. 90d; leave it out for a token that never expires.\n"
        },
        {
            ["--name", "-bad name", "--role", "viewer"],
            "error: token name '-bad name' is not valid: use letters, digits and . _ - @ (first a letter or digit, at most 64), e.g. ci-deploy or ana@search.\n"
        },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public void Create_BadInput_ExitTwoWritesNothing(string[] args, string expected)
    {
        var run = _f.Run(["token", "create", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal("no database", _f.Snapshot());
    }

    [Fact]
    public void Create_DuplicateName_ExitTwoNamingTheExistingToken()
    {
        Create("ci", "operator");

        var run = _f.Run("token", "create", "--name", "ci", "--role", "admin");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("error: a token named 'ci' already exists (operator, created by tester); names are never reused", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, _f.Count("api_tokens"));
    }

    [Fact]
    public void Token_NeverInTheDatabaseFilesTheAuditLogOrOtherOutput()
    {
        var token = Create("ci", "admin", "--expires", "7d");
        var secret = token[(token.LastIndexOf('_') + 1)..];
        var outputs = new[]
        {
            _f.Run("token", "list"),
            _f.Run("token", "list", "--json"),
            _f.Run("token", "revoke", "ci"),
            _f.Run("audit", "list", "--json"),
            _f.Run("audit", "verify"),
        };

        Assert.All(outputs, r => Assert.Equal(0, r.ExitCode));
        foreach (var run in outputs)
        {
            Assert.DoesNotContain(secret, run.Out + run.Error, StringComparison.Ordinal);
        }

        // Every file of the data directory (the database, its WAL and shared memory), as bytes:
        // neither the secret in hex nor its raw bytes.
        var raw = Convert.FromHexString(secret);
        foreach (var file in Directory.GetFiles(_f.DataDir))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(secret)) < 0, $"{file} holds the secret");
            Assert.True(bytes.AsSpan().IndexOf(raw) < 0, $"{file} holds the secret's bytes");
        }

        // The audit events say who and what, never the token.
        var audit = _f.Run("audit", "list", "--json").Out;
        Assert.Contains("\"token.create\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"token.revoke\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"token:ci\"", audit, StringComparison.Ordinal);
    }

    private string Create(string name, string role, params string[] more)
    {
        var run = _f.Run(["token", "create", "--name", name, "--role", role, .. more]);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Out.Trim();
    }

    private long Events() => _f.Count("audit_events");
}

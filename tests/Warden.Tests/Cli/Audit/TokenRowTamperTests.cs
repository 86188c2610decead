using Warden.Tests.Cli.Registry;

namespace Warden.Tests.Cli.Audit;

/// <summary>
/// <c>api_tokens</c> rows are attested like rollouts: a role raised, a token inserted, revived or
/// deleted by hand through a plain SQLite connection makes <c>audit verify</c> exit 6 naming the row.
/// </summary>
public sealed class TokenRowTamperTests : IDisposable
{
    private readonly RegistryFixture _f = new();
    private readonly string _id;

    public TokenRowTamperTests()
    {
        // evt-1 creates ci (viewer), evt-2 creates old (viewer), evt-3 revokes old.
        Assert.Equal(0, _f.Run("token", "create", "--name", "ci", "--role", "viewer").ExitCode);
        Assert.Equal(0, _f.Run("token", "create", "--name", "old", "--role", "viewer").ExitCode);
        Assert.Equal(0, _f.Run("token", "revoke", "old").ExitCode);
        var json = System.Text.Json.JsonDocument.Parse(_f.Run("token", "list", "--json").Out);
        _id = json.RootElement.GetProperty("tokens")[0].GetProperty("id").GetString()!;
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Verify_UntouchedTokens_ExitsZeroCheckingBothRows()
    {
        var run = _f.Run("audit", "verify");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains(": 3 event(s), 2 state row(s) checked.", run.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "UPDATE api_tokens SET role = 'admin' WHERE name = 'ci'", "BROKEN row api_tokens {id}: its content (ci, admin) hashes to " },
        { "UPDATE api_tokens SET hash = '00' WHERE name = 'ci'", "BROKEN row api_tokens {id}: its content (ci, viewer) hashes to " },
        { "UPDATE api_tokens SET expires_at = NULL, created_at = '2026-01-01T00:00:00.0000000Z' WHERE name = 'ci'", "BROKEN row api_tokens {id}: its content (ci, viewer) hashes to " },
        { "UPDATE api_tokens SET revoked_at = NULL, revoked_by = NULL WHERE name = 'old'", ": its content (old, viewer) hashes to " },
        {
            "INSERT INTO api_tokens (id, name, role, salt, hash, created_at, created_by) VALUES ('00000000000000ff', 'mallory', 'admin', '00', '00', '2026-11-22T00:00:00.0000000Z', 'mallory')",
            "BROKEN row api_tokens 00000000000000ff: no audit event attests this row (mallory, admin): inserted by hand"
        },
        { "DELETE FROM api_tokens WHERE name = 'ci'", "BROKEN row api_tokens {id}: evt-1 attests this row, but it is gone: deleted by hand" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public void Verify_TokenRowEditedByHand_ExitsSixNamingTheRow(string sql, string expected)
    {
        _f.Tamper(sql);

        var run = _f.Run("audit", "verify");

        Assert.Equal(6, run.ExitCode);
        Assert.True(run.Out.Contains(expected.Replace("{id}", _id, StringComparison.Ordinal), StringComparison.Ordinal), run.Out);
    }
}

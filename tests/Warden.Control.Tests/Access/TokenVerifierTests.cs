using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Access;
using Warden.Storage;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Control.Tests.Access;

/// <summary><see cref="TokenVerifier"/> on a real SQLite store, with tokens made by <see cref="TokenIssuer"/> and a fake clock.</summary>
public sealed class TokenVerifierTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();
    private SqliteStore _store = null!;

    public async Task InitializeAsync() =>
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verify_FreshToken_ValidWithNameAndRole()
    {
        var issued = await new TokenIssuer(_store).CreateAsync("ci-deploy", Role.Operator, lifetime: null, "ana");

        var check = await Verifier().VerifyAsync(issued.Text);

        Assert.Equal((TokenOutcome.Valid, "ci-deploy", (Role?)Role.Operator), (check.Outcome, check.Name, check.Role));
    }

    [Fact]
    public async Task Verify_RightIdWrongSecret_WrongSecretWithoutName()
    {
        var issued = await new TokenIssuer(_store).CreateAsync("ci", Role.Admin, lifetime: null, "ana");
        var forged = TokenText.Format(issued.Token.Id, new string('0', 64));

        var check = await Verifier().VerifyAsync(forged);

        Assert.Equal(TokenOutcome.WrongSecret, check.Outcome);
        Assert.Null(check.Name);
        Assert.Null(check.Role);
    }

    [Fact]
    public async Task Verify_UnknownId_Unknown()
    {
        await new TokenIssuer(_store).CreateAsync("ci", Role.Admin, lifetime: null, "ana");

        var check = await Verifier().VerifyAsync(TokenText.Format("ffffffffffffffff", new string('0', 64)));

        Assert.Equal(TokenOutcome.Unknown, check.Outcome);
    }

    public static TheoryData<long, string> ExpiryRows => new()
    {
        // ticks after creation, with a 90-day lifetime
        { 0, nameof(TokenOutcome.Valid) },
        { TimeSpan.FromDays(90).Ticks - 1, nameof(TokenOutcome.Valid) },
        { TimeSpan.FromDays(90).Ticks, nameof(TokenOutcome.Expired) },
        { TimeSpan.FromDays(90).Ticks + 1, nameof(TokenOutcome.Expired) },
    };

    [Theory]
    [MemberData(nameof(ExpiryRows))]
    public async Task Verify_AroundExpiry_TheInstantItselfIsExpired(long ticksLater, string expected)
    {
        var issued = await new TokenIssuer(_store).CreateAsync("ci", Role.Viewer, TimeSpan.FromDays(90), "ana");
        Assert.Equal(TestClock.Epoch.AddDays(90), issued.Token.ExpiresAt);
        _time.Advance(TimeSpan.FromTicks(ticksLater));

        var check = await Verifier().VerifyAsync(issued.Text);

        Assert.Equal(expected, check.Outcome.ToString());
    }

    [Fact]
    public async Task Verify_Revoked_Revoked()
    {
        var issuer = new TokenIssuer(_store);
        var issued = await issuer.CreateAsync("ci", Role.Viewer, lifetime: null, "ana");
        await issuer.RevokeAsync("ci", "bob");

        var check = await Verifier().VerifyAsync(issued.Text);

        Assert.Equal((TokenOutcome.Revoked, "ci"), (check.Outcome, check.Name));
    }

    [Fact]
    public async Task Verify_RoleEditedByHand_NotVouchedAndNoRole()
    {
        var issued = await new TokenIssuer(_store).CreateAsync("ci", Role.Viewer, lifetime: null, "ana");
        Tamper("UPDATE api_tokens SET role = 'admin'");

        var check = await Verifier().VerifyAsync(issued.Text);

        Assert.Equal(TokenOutcome.NotVouched, check.Outcome);
        Assert.Null(check.Role);
        Assert.Contains("edited by hand", check.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wdn_0123456789abcdef_short")]
    [InlineData("Bearer something")]
    public async Task Verify_Malformed_RefusedWithoutReadingTheStore(string? presented)
    {
        var check = await new TokenVerifier(new UntouchableStore(), _time).VerifyAsync(presented);

        Assert.Equal(TokenOutcome.Malformed, check.Outcome);
    }

    [Fact]
    public async Task Create_SameNameAgainEvenAfterRevoke_Refused()
    {
        var issuer = new TokenIssuer(_store);
        await issuer.CreateAsync("ci", Role.Viewer, lifetime: null, "ana");
        await issuer.RevokeAsync("ci", "ana");

        var refusal = await Assert.ThrowsAsync<TokenRefusal>(() => issuer.CreateAsync("ci", Role.Admin, lifetime: null, "ana"));

        Assert.Equal(
            "a token named 'ci' already exists (viewer, created by ana, revoked); names are never reused, so each actor name in the audit log means one token. Choose another name.",
            refusal.Message);
    }

    [Fact]
    public async Task Store_KeepsOnlySaltedHash_NeverTheSecret()
    {
        var issued = await new TokenIssuer(_store).CreateAsync("ci", Role.Viewer, lifetime: null, "ana");
        Assert.True(TokenText.TryParse(issued.Text, out _, out var secret));

        var stored = await _store.ReadAsync((tx, ct) => tx.Tokens.FindByNameAsync("ci", ct));

        Assert.Equal(TokenHash.Compute(stored!.Salt, secret), stored.Hash);
        Assert.DoesNotContain(secret, stored.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, issued.ToString(), StringComparison.Ordinal);
    }

    private TokenVerifier Verifier() => new(_store, _time);

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // A store any read or write of fails the test: malformed tokens must be refused before the store.
    private sealed class UntouchableStore : IWardenStore
    {
        public string Location => "untouchable";

        public ValueTask<T> WriteAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the store was written");

        public ValueTask<T> ReadAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the store was read");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

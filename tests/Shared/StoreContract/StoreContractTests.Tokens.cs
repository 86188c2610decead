using Warden.Access;

namespace Warden.Tests.Support;

/// <summary>The token repository: round trip, taken names, lookups, revocation once.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Tokens_AddFindListRevoke_RoundTripAndRevokeOnce()
    {
        await using var store = await CreateStoreAsync();
        var ci = new StoredToken
        {
            Id = "00000000000000a1",
            Name = "ci",
            Role = Role.Operator,
            Salt = new string('1', 32),
            Hash = new string('2', 64),
            CreatedAt = TestClock.Epoch,
            CreatedBy = "ana",
            ExpiresAt = TestClock.Epoch.AddDays(90),
        };
        var admin = ci with { Id = "00000000000000a2", Name = "admin", Role = Role.Admin, ExpiresAt = null };

        var added = await store.WriteAsync(async (tx, ct) => (
            await tx.Tokens.AddAsync(ci, ct),
            await tx.Tokens.AddAsync(admin, ct),
            await tx.Tokens.AddAsync(ci with { Id = "00000000000000a3" }, ct),
            await tx.Tokens.AddAsync(admin with { Name = "other" }, ct)));
        var revoked = await store.WriteAsync(async (tx, ct) => (
            await tx.Tokens.RevokeAsync(ci.Id, TestClock.Epoch.AddHours(1), "bob", ct),
            await tx.Tokens.RevokeAsync(ci.Id, TestClock.Epoch.AddHours(2), "eve", ct),
            await tx.Tokens.RevokeAsync("ffffffffffffffff", TestClock.Epoch, "eve", ct)));
        var (byId, byName, unknown, all) = await store.ReadAsync(async (tx, ct) => (
            await tx.Tokens.FindByIdAsync(admin.Id, ct),
            await tx.Tokens.FindByNameAsync("ci", ct),
            await tx.Tokens.FindByNameAsync("nobody", ct),
            await tx.Tokens.ListAsync(ct)));

        // A taken name or a taken id is refused without an exception.
        Assert.Equal((true, true, false, false), added);
        Assert.Equal((true, false, false), revoked);
        Assert.Equivalent(admin, byId, strict: true);
        Assert.Equivalent(ci with { RevokedAt = TestClock.Epoch.AddHours(1), RevokedBy = "bob" }, byName, strict: true);
        Assert.Null(unknown);
        Assert.Equal(["ci", "admin"], all.Select(t => t.Name));
    }
}

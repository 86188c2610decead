using Warden.Access;

namespace Warden.Control.Tests.Access;

/// <summary>Which role includes which: every pair, written out (docs/roles.md has the same table).</summary>
public sealed class RolesTests
{
    public static TheoryData<string, string, bool> Pairs => new()
    {
        // role holding the token, role needed, permitted
        { "viewer", "viewer", true },
        { "viewer", "operator", false },
        { "viewer", "approver", false },
        { "viewer", "admin", false },
        { "operator", "viewer", true },
        { "operator", "operator", true },
        { "operator", "approver", false },
        { "operator", "admin", false },
        { "approver", "viewer", true },
        { "approver", "operator", false },
        { "approver", "approver", true },
        { "approver", "admin", false },
        { "admin", "viewer", true },
        { "admin", "operator", true },
        { "admin", "approver", true },
        { "admin", "admin", true },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Permits_EveryPair_AsTheTableSays(string role, string needed, bool permitted)
    {
        Assert.True(Roles.TryParse(role, out var held));
        Assert.True(Roles.TryParse(needed, out var wanted));

        Assert.Equal(permitted, Roles.Permits(held, wanted));
    }

    [Fact]
    public void Pairs_CoverEveryRoleTwice() =>
        Assert.Equal(Enum.GetValues<Role>().Length * Enum.GetValues<Role>().Length, Pairs.Count);

    [Theory]
    [InlineData("viewer", nameof(Role.Viewer))]
    [InlineData("operator", nameof(Role.Operator))]
    [InlineData("approver", nameof(Role.Approver))]
    [InlineData("admin", nameof(Role.Admin))]
    public void TryParse_LowercaseName_RoundTrips(string name, string role)
    {
        Assert.True(Roles.TryParse(name, out var parsed));
        Assert.Equal(role, parsed.ToString());
        Assert.Equal(name, Roles.Name(parsed));
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("root")]
    [InlineData("")]
    [InlineData("3")]
    public void TryParse_AnythingElse_False(string name) => Assert.False(Roles.TryParse(name, out _));
}

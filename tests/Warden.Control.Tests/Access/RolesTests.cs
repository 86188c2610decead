using Warden.Access;

namespace Warden.Control.Tests.Access;

/// <summary>Which role includes which: every pair, written out (docs/roles.md has the same table).</summary>
public sealed class RolesTests
{
    public static TheoryData<Role, Role, bool> Pairs => new()
    {
        // role holding the token, role needed, permitted
        { Role.Viewer, Role.Viewer, true },
        { Role.Viewer, Role.Operator, false },
        { Role.Viewer, Role.Approver, false },
        { Role.Viewer, Role.Admin, false },
        { Role.Operator, Role.Viewer, true },
        { Role.Operator, Role.Operator, true },
        { Role.Operator, Role.Approver, false },
        { Role.Operator, Role.Admin, false },
        { Role.Approver, Role.Viewer, true },
        { Role.Approver, Role.Operator, false },
        { Role.Approver, Role.Approver, true },
        { Role.Approver, Role.Admin, false },
        { Role.Admin, Role.Viewer, true },
        { Role.Admin, Role.Operator, true },
        { Role.Admin, Role.Approver, true },
        { Role.Admin, Role.Admin, true },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Permits_EveryPair_AsTheTableSays(Role role, Role needed, bool permitted) =>
        Assert.Equal(permitted, Roles.Permits(role, needed));

    [Fact]
    public void Pairs_CoverEveryRoleTwice() =>
        Assert.Equal(Enum.GetValues<Role>().Length * Enum.GetValues<Role>().Length, Pairs.Count);

    [Theory]
    [InlineData("viewer", Role.Viewer)]
    [InlineData("operator", Role.Operator)]
    [InlineData("approver", Role.Approver)]
    [InlineData("admin", Role.Admin)]
    public void TryParse_LowercaseName_RoundTrips(string name, Role role)
    {
        Assert.True(Roles.TryParse(name, out var parsed));
        Assert.Equal(role, parsed);
        Assert.Equal(name, Roles.Name(role));
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("root")]
    [InlineData("")]
    [InlineData("3")]
    public void TryParse_AnythingElse_False(string name) => Assert.False(Roles.TryParse(name, out _));
}

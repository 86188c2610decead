using System.Collections.Frozen;

namespace Warden.Access;

/// <summary>
/// Which role includes which, written down as a table (docs/roles.md). Operator and approver each
/// include viewer, and neither includes the other: the people who run a rollout are not the ones
/// who approve its promotion or override its gate, so one token can never do both. Admin includes
/// every role.
/// </summary>
internal static class Roles
{
    // Each role and every role it includes (itself too). Not derived from the enum's order, so a
    // new role must be placed here on purpose.
    private static readonly FrozenDictionary<Role, FrozenSet<Role>> Includes = new Dictionary<Role, FrozenSet<Role>>
    {
        [Role.Viewer] = new[] { Role.Viewer }.ToFrozenSet(),
        [Role.Operator] = new[] { Role.Operator, Role.Viewer }.ToFrozenSet(),
        [Role.Approver] = new[] { Role.Approver, Role.Viewer }.ToFrozenSet(),
        [Role.Admin] = new[] { Role.Admin, Role.Approver, Role.Operator, Role.Viewer }.ToFrozenSet(),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Role> ByName =
        Enum.GetValues<Role>().ToFrozenDictionary(Name, StringComparer.Ordinal);

    /// <summary>Every role name, in the order of <see cref="Role"/>, for messages: <c>viewer, operator, approver, admin</c>.</summary>
    public static string Names { get; } = string.Join(", ", Enum.GetValues<Role>().Select(Name));

    /// <summary>True when a token of <paramref name="role"/> may do what needs <paramref name="needed"/>.</summary>
    public static bool Permits(Role role, Role needed) =>
        Includes.TryGetValue(role, out var included)
            ? included.Contains(needed)
            : throw new ArgumentOutOfRangeException(nameof(role), role, "not a role");

    /// <summary>The role's name as stored and typed: lowercase, e.g. <c>operator</c>.</summary>
    public static string Name(Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Operator => "operator",
        Role.Approver => "approver",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a role"),
    };

    /// <summary>The role named <paramref name="name"/> exactly (lowercase); false for anything else.</summary>
    public static bool TryParse(string name, out Role role) => ByName.TryGetValue(name, out role);
}

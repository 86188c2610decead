using Warden.Access;

namespace Warden.Api;

/// <summary>
/// <c>GET /api/v1/whoami</c>: the calling token's name, role, every role that role includes
/// (<see cref="Roles.Permits"/>, in the order of <see cref="Role"/>: a page draws the buttons they
/// allow) and its expiry.
/// </summary>
internal sealed record WhoAmIJson(string Name, string Role, IReadOnlyList<string> Roles, DateTimeOffset? ExpiresAt)
{
    /// <summary>The answer for <paramref name="caller"/>.</summary>
    public static WhoAmIJson Of(ApiCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new(
            caller.Name,
            Access.Roles.Name(caller.Role),
            [.. Enum.GetValues<Role>().Where(r => Access.Roles.Permits(caller.Role, r)).Select(Access.Roles.Name)],
            caller.ExpiresAt);
    }
}

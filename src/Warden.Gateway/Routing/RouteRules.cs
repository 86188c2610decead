using Warden.Core.Configuration;

namespace Warden.Gateway.Routing;

/// <summary>
/// The rules a service's route must follow, shared by <c>warden.yaml</c> and the admin API so
/// both refuse the same routes with the same words.
/// </summary>
internal static class RouteRules
{
    /// <summary>
    /// Null when <paramref name="version"/> may play <paramref name="role"/> (production, shadow,
    /// canary); otherwise what is wrong, naming the known backends.
    /// </summary>
    public static string? CheckVersion(string service, string role, string version, IReadOnlyList<string> known, string? production)
    {
        if (!known.Contains(version))
        {
            var suggestion = KeySuggestion.Closest(version, known);
            var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
            return $"{role} version '{version}' is not a backend of service '{service}'{hint}; known backends: {string.Join(", ", known)}";
        }

        if (role != "production" && production is not null && version == production)
        {
            return $"{role} version '{version}' is the production version; a {role} must be another backend (known backends: {string.Join(", ", known)})";
        }

        return null;
    }
}

using System.Text.RegularExpressions;

namespace Warden.Access;

/// <summary>What a token's name may look like: it becomes the actor of audit events, so it is kept plain.</summary>
internal static partial class TokenNames
{
    /// <summary>The audit subject of a token's events.</summary>
    public static string Subject(string name) => $"token:{name}";

    /// <summary>Throws a <see cref="TokenRefusal"/> when <paramref name="name"/> is not a valid token name.</summary>
    public static void Check(string name)
    {
        if (!Pattern().IsMatch(name))
        {
            throw new TokenRefusal($"token name '{name}' is not valid: use letters, digits and . _ - @ (first a letter or digit, at most 64), e.g. ci-deploy or ana@search.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex Pattern();
}

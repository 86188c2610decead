using System.Text.RegularExpressions;

namespace Warden.Registry;

/// <summary>What model names, versions, aliases and tags may look like (docs/registry.md).</summary>
internal static partial class RegistryNames
{
    /// <summary>The alias that makes a move a promotion.</summary>
    public const string Production = "production";

    /// <summary>The alias production's old version moves to.</summary>
    public const string Previous = "previous";

    /// <summary>Pattern of model names and versions, for messages.</summary>
    public const string NamePattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

    /// <summary>Pattern of aliases, for messages.</summary>
    public const string AliasPattern = "[a-z][a-z0-9_-]{0,63}";

    /// <summary>Throws when <paramref name="value"/> is not a valid model name or version.</summary>
    public static void CheckName(string value, string what)
    {
        if (!Name().IsMatch(value))
        {
            throw new RegistryRefusal(RefusalCodes.InvalidName, $"{what} '{value}' is not valid: use letters, digits and . _ - (first a letter or digit, at most 128), e.g. ranker or v2.");
        }
    }

    /// <summary>True when <paramref name="value"/> is a valid model name or version.</summary>
    public static bool IsValidName(string value) => Name().IsMatch(value);

    /// <summary>Throws when <paramref name="value"/> is not a valid alias.</summary>
    public static void CheckAlias(string value)
    {
        if (!Alias().IsMatch(value))
        {
            throw new RegistryRefusal(RefusalCodes.InvalidAlias, $"alias '{value}' is not valid: use lowercase letters, digits, _ and - (first a letter, at most 64), e.g. production, canary, shadow.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex Name();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}$")]
    private static partial Regex Alias();
}

namespace Warden.Core.Configuration;

/// <summary>
/// The names warden.yaml gives services, versions and models: each one URL path segment as
/// written (<c>/SERVICE/v2/models/MODEL/infer</c>), so the gateway routes by them unescaped.
/// </summary>
internal static class ConfigName
{
    /// <summary>The characters a name may hold, for messages.</summary>
    public const string Chars = "letters, digits, '.', '_' and '-'";

    /// <summary>True for letters, digits, '.', '_' and '-', not starting with '.' (so never <c>.</c> or <c>..</c>).</summary>
    public static bool IsPathSegment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value[0] == '.')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

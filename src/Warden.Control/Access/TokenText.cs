using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Warden.Access;

/// <summary>
/// The text of a token: <c>wdn_</c>, a public id of 16 lowercase hex digits, <c>_</c>, and a
/// secret of 64 lowercase hex digits (256 random bits). The id finds the stored row; only the
/// secret's salted hash is stored (<see cref="TokenHash"/>). The prefix makes a leaked token easy
/// to recognise (and to search for in a repository or a log); hex keeps the separator unambiguous.
/// </summary>
internal static class TokenText
{
    /// <summary>What every token starts with.</summary>
    public const string Prefix = "wdn_";

    /// <summary>Bytes of the public id.</summary>
    public const int IdBytes = 8;

    /// <summary>Bytes of the secret: 256 bits.</summary>
    public const int SecretBytes = 32;

    /// <summary>Length of a well-formed token's text.</summary>
    public const int Length = 4 + (IdBytes * 2) + 1 + (SecretBytes * 2);

    /// <summary>
    /// A new id and secret from the operating system's cryptographic generator. Not the seeded
    /// <see cref="Random"/> the rest of Warden takes for reproducible output: a token must not be
    /// reproducible by anyone.
    /// </summary>
    public static (string Id, string Secret) Generate() =>
        (Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes)),
         Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretBytes)));

    /// <summary>The text handed to the user.</summary>
    public static string Format(string id, string secret) => $"{Prefix}{id}_{secret}";

    /// <summary>
    /// Splits <paramref name="text"/> into id and secret when it has exactly the form above
    /// (case matters); false for anything else, without saying what was wrong.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? id, [NotNullWhen(true)] out string? secret)
    {
        id = null;
        secret = null;
        if (text is null || text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length + (IdBytes * 2)] != '_')
        {
            return false;
        }

        var idText = text.AsSpan(Prefix.Length, IdBytes * 2);
        var secretText = text.AsSpan(Prefix.Length + (IdBytes * 2) + 1);
        if (!IsLowerHex(idText) || !IsLowerHex(secretText))
        {
            return false;
        }

        id = idText.ToString();
        secret = secretText.ToString();
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text) => text.IndexOfAnyExcept("0123456789abcdef") < 0;
}

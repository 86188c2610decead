using System.Security.Cryptography;
using System.Text;

namespace Warden.Access;

/// <summary>
/// The stored form of a token's secret: a random 16-byte salt and SHA-256(salt || secret), both
/// lowercase hex.
/// </summary>
/// <remarks>
/// A fast hash is enough here, unlike for passwords. A password is slow-hashed (bcrypt, scrypt,
/// Argon2) because people choose passwords from a small space an attacker can enumerate: a
/// dictionary, then variations. A token's secret is 256 bits from a cryptographic generator, so
/// someone holding the stored salt and hash has no dictionary to try: they must search 2^256
/// secrets, and making each guess a million times slower changes nothing that matters. The salt
/// keeps equal secrets (there will be none) from having equal hashes and rules out precomputed
/// tables. A fast hash also keeps verifying a token on every API call cheap.
/// </remarks>
internal static class TokenHash
{
    /// <summary>Bytes of salt.</summary>
    public const int SaltBytes = 16;

    /// <summary>A new random salt, as hex.</summary>
    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltBytes));

    /// <summary>SHA-256 of the salt's bytes and then the secret's text (UTF-8), as hex.</summary>
    public static string Compute(string saltHex, string secret) => Convert.ToHexStringLower(Digest(saltHex, secret));

    /// <summary>
    /// True when <paramref name="secret"/> hashes to <paramref name="hashHex"/> with this salt. The
    /// comparison takes the same time wherever the bytes differ, so timing tells a caller nothing
    /// about how close a guess came.
    /// </summary>
    public static bool Matches(string saltHex, string hashHex, string secret)
    {
        byte[] stored;
        try
        {
            stored = Convert.FromHexString(hashHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Digest(saltHex, secret), stored);
    }

    private static byte[] Digest(string saltHex, string secret)
    {
        var salt = Convert.FromHexString(saltHex);
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        var input = new byte[salt.Length + secretBytes.Length];
        salt.CopyTo(input, 0);
        secretBytes.CopyTo(input, salt.Length);
        return SHA256.HashData(input);
    }
}

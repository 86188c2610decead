using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Warden.Audit;

/// <summary>
/// The digest of a state row: sha256 over the table name and then each content column in the
/// table's documented order, every one written as a 4-byte big-endian signed length and its bytes,
/// like <see cref="AuditHash"/>: TEXT as UTF-8, INTEGER in decimal, REAL as its 8 IEEE-754
/// binary64 bytes big-endian (exact, with no text rounding to agree on), BLOB as is, NULL as the
/// length −1 with no bytes. Values are taken as SQLite stores them, so the digest can be recomputed
/// from the file alone (docs/audit.md has the Python).
/// </summary>
internal static class StateRowDigest
{
    /// <summary>The digest (lowercase hex) of a row of <paramref name="table"/> with these column values.</summary>
    public static string Compute(string table, IReadOnlyList<object?> values)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        Span<byte> real = stackalloc byte[8];
        Put(hash, length, Encoding.UTF8.GetBytes(table));
        foreach (var value in values)
        {
            switch (value)
            {
                case null or DBNull:
                    BinaryPrimitives.WriteInt32BigEndian(length, -1);
                    hash.AppendData(length);
                    break;
                case double d:
                    BinaryPrimitives.WriteDoubleBigEndian(real, d);
                    Put(hash, length, real);
                    break;
                case byte[] blob:
                    Put(hash, length, blob);
                    break;
                case string text:
                    Put(hash, length, Encoding.UTF8.GetBytes(text));
                    break;
                case long or int:
                    Put(hash, length, Encoding.ASCII.GetBytes(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
                    break;
                default:
                    throw new ArgumentException($"column value of type {value.GetType().Name} has no canonical form", nameof(values));
            }
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void Put(IncrementalHash hash, Span<byte> length, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }
}

using System.Buffers;
using System.Text;

namespace Warden.Gateway.Routing;

/// <summary>
/// Maps a request key to one of 10,000 buckets, one per basis point of canary weight. The hash is
/// fixed (64-bit FNV-1a over the key's UTF-8 bytes, then MurmurHash3's 64-bit finalizer to spread
/// FNV's weak low bits), never <see cref="string.GetHashCode()"/>, which .NET randomizes per
/// process: the same key lands in the same bucket in every gateway process and every release.
/// </summary>
internal static class StickyBucket
{
    /// <summary>Number of buckets, equal to <see cref="ServiceRoute.MaxBasisPoints"/>.</summary>
    public const int Count = ServiceRoute.MaxBasisPoints;

    private const int StackLimit = 256;

    /// <summary>The bucket of <paramref name="key"/>, 0–9,999.</summary>
    public static int Of(ReadOnlySpan<char> key)
    {
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(key, buffer);
            return (int)(Mix(Fnv1a(buffer[..length])) % Count);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// True when <paramref name="key"/> goes to the canary at <paramref name="basisPoints"/>: its
    /// bucket is below the weight. Raising the weight only moves keys from production to the
    /// canary, never back, so a client already on the canary stays there through a rollout.
    /// </summary>
    public static bool IsCanary(ReadOnlySpan<char> key, int basisPoints) => basisPoints switch
    {
        <= 0 => false,
        >= Count => true,
        _ => Of(key) < basisPoints,
    };

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}

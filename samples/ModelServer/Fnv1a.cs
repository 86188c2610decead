using System.Text;

namespace Warden.Samples.ModelServer;

/// <summary>32-bit FNV-1a over UTF-8 bytes: stable across processes and runtimes, unlike string.GetHashCode.</summary>
internal static class Fnv1a
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Hash(string text)
    {
        Span<byte> buffer = text.Length <= 128 ? stackalloc byte[text.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var count = Encoding.UTF8.GetBytes(text, buffer);
        var hash = OffsetBasis;
        foreach (var b in buffer[..count])
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }
}

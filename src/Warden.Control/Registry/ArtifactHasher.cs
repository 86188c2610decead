using System.Buffers;
using System.Security.Cryptography;

namespace Warden.Registry;

/// <summary>
/// Streams a file through sha256 in 1 MiB reads: memory stays flat for any size, and the large
/// reads keep the hash (SHA-NI on x64) rather than system calls the bottleneck (bench/README.md).
/// </summary>
internal static class ArtifactHasher
{
    private const int BufferSize = 1 << 20;

    /// <summary>Hashes <paramref name="path"/>; I/O problems surface as the usual exceptions.</summary>
    public static ArtifactDigest Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Hash(stream);
    }

    /// <summary>Hashes the rest of <paramref name="stream"/>.</summary>
    public static ArtifactDigest Hash(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ArtifactDigest(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    /// <summary>Hashes <paramref name="path"/>, or says in one line why it cannot be read.</summary>
    public static (ArtifactDigest? Digest, string? Problem) TryHash(string path)
    {
        if (Directory.Exists(path))
        {
            return (null, "is a directory, not a file");
        }

        if (!File.Exists(path))
        {
            return (null, "file not found");
        }

        try
        {
            return (Hash(path), null);
        }
        catch (UnauthorizedAccessException)
        {
            return (null, "permission denied");
        }
        catch (IOException ex)
        {
            return (null, $"cannot be read ({ex.Message})");
        }
    }
}

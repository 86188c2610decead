using System.Security.Cryptography;

namespace Warden.Core.Evidence;

/// <summary>
/// The identity of one dataset: <c>ev:</c> followed by the first 8 hex digits of the sha256 of
/// its bytes. Two files with the same bytes have the same id wherever they live, so a report
/// that cites <c>ev:3f2a9c1e</c> can be checked against the file a reviewer holds.
/// </summary>
public readonly record struct EvidenceId
{
    /// <summary>The prefix every evidence id carries.</summary>
    public const string Prefix = "ev:";

    private EvidenceId(string value, string sha256)
    {
        Value = value;
        Sha256 = sha256;
    }

    /// <summary>The id as written in reports, e.g. <c>ev:3f2a9c1e</c>.</summary>
    public string Value { get; }

    /// <summary>The full lowercase hex sha256 the short id was cut from.</summary>
    public string Sha256 { get; }

    /// <summary>Builds the id from a finished sha256 digest of the dataset's bytes.</summary>
    public static EvidenceId FromSha256(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A sha256 digest has {SHA256.HashSizeInBytes} bytes; got {digest.Length}.", nameof(digest));
        }

        var hex = Convert.ToHexStringLower(digest);
        return new EvidenceId(Prefix + hex[..8], hex);
    }

    /// <summary>Hashes <paramref name="bytes"/> and returns their id.</summary>
    public static EvidenceId Of(ReadOnlySpan<byte> bytes) => FromSha256(SHA256.HashData(bytes));

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}

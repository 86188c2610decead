using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Warden.Audit;

/// <summary>
/// The hash chain. An event's hash is sha256 over its canonical form: the fields sequence,
/// time, actor, action, subject, deployment id, evidence ids, payload and previous hash, each as a
/// 4-byte big-endian length and its UTF-8 bytes (length −1 for a missing deployment id; evidence
/// ids joined by a line feed; sequence in decimal; time as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>).
/// Length prefixes make the form unambiguous: no two different events share it.
/// </summary>
internal static class AuditHash
{
    /// <summary>The previous hash of the first event.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>How times are written, in the database and in the canonical form.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Formats a time the way the log stores and hashes it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The hash of an event with these fields (lowercase hex).</summary>
    public static string Compute(
        long sequence,
        string time,
        string actor,
        string action,
        string subject,
        string? deploymentId,
        IReadOnlyList<string> evidenceIds,
        string payload,
        string previousHash)
    {
        var evidence = string.Join('\n', evidenceIds);
        var sequenceText = sequence.ToString(CultureInfo.InvariantCulture);
        var size = 9 * 4;
        size += Encoding.UTF8.GetByteCount(sequenceText) + Encoding.UTF8.GetByteCount(time)
            + Encoding.UTF8.GetByteCount(actor) + Encoding.UTF8.GetByteCount(action)
            + Encoding.UTF8.GetByteCount(subject) + Encoding.UTF8.GetByteCount(deploymentId ?? string.Empty)
            + Encoding.UTF8.GetByteCount(evidence) + Encoding.UTF8.GetByteCount(payload)
            + Encoding.UTF8.GetByteCount(previousHash);

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var at = 0;
            Put(buffer, ref at, sequenceText);
            Put(buffer, ref at, time);
            Put(buffer, ref at, actor);
            Put(buffer, ref at, action);
            Put(buffer, ref at, subject);
            Put(buffer, ref at, deploymentId);
            Put(buffer, ref at, evidence);
            Put(buffer, ref at, payload);
            Put(buffer, ref at, previousHash);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, at), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Recomputes <paramref name="e"/>'s hash from its fields.</summary>
    public static string Compute(AuditEvent e) =>
        Compute(e.Sequence, FormatTime(e.Time), e.Actor, e.Action, e.Subject, e.DeploymentId, e.EvidenceIds, e.Payload, e.PreviousHash);

    /// <summary>
    /// The raw sha256 (32 bytes) of a stored row's canonical form, into <paramref name="destination"/>.
    /// Same form as the string overload, built from the stored UTF-8 bytes without allocating.
    /// </summary>
    public static void Compute(in AuditRow row, Span<byte> destination)
    {
        Span<byte> sequenceText = stackalloc byte[20];
        row.Sequence.TryFormat(sequenceText, out var sequenceLength, default, CultureInfo.InvariantCulture);
        var size = (9 * 4) + sequenceLength + row.Time.Length + row.Actor.Length + row.Action.Length + row.Subject.Length
            + row.DeploymentId.Length + row.EvidenceIds.Length + row.Payload.Length + row.PreviousHash.Length;

        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var at = 0;
            Put(buffer, ref at, sequenceText[..sequenceLength]);
            Put(buffer, ref at, row.Time);
            Put(buffer, ref at, row.Actor);
            Put(buffer, ref at, row.Action);
            Put(buffer, ref at, row.Subject);
            if (row.HasDeploymentId)
            {
                Put(buffer, ref at, row.DeploymentId);
            }
            else
            {
                BinaryPrimitives.WriteInt32BigEndian(buffer[at..], -1);
                at += 4;
            }

            Put(buffer, ref at, row.EvidenceIds);
            Put(buffer, ref at, row.Payload);
            Put(buffer, ref at, row.PreviousHash);
            SHA256.HashData(buffer[..at], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes <paramref name="hash"/> as lowercase hex UTF-8 into <paramref name="destination"/> (twice its length).</summary>
    public static void WriteHex(ReadOnlySpan<byte> hash, Span<byte> destination)
    {
        const string Digits = "0123456789abcdef";
        for (var i = 0; i < hash.Length; i++)
        {
            destination[2 * i] = (byte)Digits[hash[i] >> 4];
            destination[(2 * i) + 1] = (byte)Digits[hash[i] & 0xF];
        }
    }

    private static void Put(Span<byte> buffer, ref int at, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer[at..], value.Length);
        value.CopyTo(buffer[(at + 4)..]);
        at += 4 + value.Length;
    }

    private static void Put(byte[] buffer, ref int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at), -1);
            at += 4;
            return;
        }

        var written = Encoding.UTF8.GetBytes(value, buffer.AsSpan(at + 4));
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at), written);
        at += 4 + written;
    }
}

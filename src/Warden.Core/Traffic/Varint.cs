using System.Buffers;

namespace Warden.Core.Traffic;

/// <summary>
/// LEB128 variable-length integers (7 bits per byte, low group first, high bit = more follows)
/// and zigzag for signed values, as Protocol Buffers encode them: small counts take one byte.
/// </summary>
internal static class Varint
{
    /// <summary>Longest encoding of a 64-bit value.</summary>
    public const int MaxBytes = 10;

    /// <summary>Appends <paramref name="value"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(MaxBytes);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        output.Advance(n);
    }

    /// <summary>Appends a signed value, zigzag-encoded so small magnitudes stay short.</summary>
    public static void WriteSigned(IBufferWriter<byte> output, long value) =>
        Write(output, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Reads one value at <paramref name="position"/> and moves past it; false when truncated or longer than 10 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        var shift = 0;
        while (position < data.Length && shift < 64)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }

            shift += 7;
        }

        return false;
    }

    /// <summary>Reads a zigzag-encoded signed value.</summary>
    public static bool TryReadSigned(ReadOnlySpan<byte> data, ref int position, out long value)
    {
        if (!TryRead(data, ref position, out var raw))
        {
            value = 0;
            return false;
        }

        value = (long)(raw >> 1) ^ -(long)(raw & 1);
        return true;
    }
}

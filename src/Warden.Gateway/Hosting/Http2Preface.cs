using System.Buffers;

namespace Warden.Gateway.Hosting;

/// <summary>
/// The client connection preface every HTTP/2 connection starts with (RFC 9113 §3.4):
/// <c>PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n</c>. No HTTP/1.x request starts with it (<c>PRI</c> is reserved
/// for it), and every real method differs from it within three bytes, so the first bytes of a
/// cleartext connection tell h2c with prior knowledge from HTTP/1.x.
/// </summary>
internal static class Http2Preface
{
    private static ReadOnlySpan<byte> Bytes => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>The preface's length in bytes (24).</summary>
    public static int Length => Bytes.Length;

    /// <summary>What the bytes received so far say about the connection.</summary>
    public static PrefaceMatch Match(in ReadOnlySequence<byte> received)
    {
        var length = (int)Math.Min(received.Length, Bytes.Length);
        Span<byte> head = stackalloc byte[Bytes.Length];
        received.Slice(0, length).CopyTo(head);
        return !head[..length].SequenceEqual(Bytes[..length]) ? PrefaceMatch.Other
            : length == Bytes.Length ? PrefaceMatch.Http2
            : PrefaceMatch.NeedMore;
    }
}

/// <summary>What <see cref="Http2Preface.Match"/> found.</summary>
internal enum PrefaceMatch
{
    /// <summary>The bytes so far are a proper start of the preface: wait for more.</summary>
    NeedMore,

    /// <summary>The whole preface: an HTTP/2 connection.</summary>
    Http2,

    /// <summary>Anything else: HTTP/1.x (or garbage, which HTTP/1.x answers with 400).</summary>
    Other,
}

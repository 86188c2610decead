using System.Buffers;
using System.Text;
using Warden.Gateway.Hosting;

namespace Warden.Gateway.Tests.Hosting;

/// <summary>The first bytes of a cleartext connection: the HTTP/2 preface, a proper start of it, or anything else.</summary>
public sealed class Http2PrefaceTests
{
    private const string Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    [Theory]
    [InlineData("", "NeedMore")]
    [InlineData("P", "NeedMore")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r", "NeedMore")]
    [InlineData(Preface, "Http2")]
    [InlineData(Preface + "\0\0\0\x04\0\0\0\0\0", "Http2")]
    [InlineData("G", "Other")]
    [InlineData("PO", "Other")]
    [InlineData("PU", "Other")]
    [InlineData("PA", "Other")]
    [InlineData("PRO", "Other")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "Other")]
    [InlineData("PRI * HTTP/1.1\r\n", "Other")]
    [InlineData("\x16\x03\x01", "Other")]
    public void Match_Received_Decides(string received, string expected)
    {
        Assert.Equal(expected, Http2Preface.Match(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(received))).ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(23)]
    public void Match_PrefaceSplitAcrossSegments_Http2(int split)
    {
        var bytes = Encoding.ASCII.GetBytes(Preface + "\0\0\0");
        var first = new Segment(bytes.AsMemory(0, split));
        var last = first.Append(bytes.AsMemory(split));

        Assert.Equal(PrefaceMatch.Http2, Http2Preface.Match(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)));
    }

    [Fact]
    public void Length_Is24() => Assert.Equal(24, Http2Preface.Length);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

using System.Text;
using Warden.Core.Evidence;

namespace Warden.Core.Tests.Evidence;

public sealed class EvidenceIdTests
{
    [Fact]
    public void Of_KnownBytes_IsPrefixOfSha256()
    {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2 example).
        var id = EvidenceId.Of(Encoding.ASCII.GetBytes("abc"));
        Assert.Equal("ev:ba7816bf", id.Value);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", id.Sha256);
    }

    [Fact]
    public void HashingStream_PartialRead_FinishHashesWholeStream()
    {
        var bytes = Encoding.ASCII.GetBytes("abc");
        using var hashing = new HashingStream(new MemoryStream(bytes));
        Assert.Equal(1, hashing.Read(new byte[1], 0, 1));
        Assert.Equal(EvidenceId.Of(bytes), hashing.Finish());
        Assert.Equal(3, hashing.BytesRead);
    }

    [Fact]
    public void ParseIssueLog_Strict_ThrowsWithLocation()
    {
        var log = new ParseIssueLog(ReadMode.Strict);
        var ex = Assert.Throws<EvidenceFormatException>(() => log.Report(new ParseIssue
        {
            Source = "a.jsonl", Line = 3, Column = 7, Problem = "latency_ms is negative (-1)", Expected = "a finite number >= 0",
        }));
        Assert.Equal("a.jsonl:3:7: latency_ms is negative (-1); expected a finite number >= 0", ex.Message);
    }

    [Fact]
    public void ParseIssueLog_Lenient_CountsAllKeepsTwenty()
    {
        var log = new ParseIssueLog(ReadMode.Lenient);
        for (var i = 1; i <= 25; i++)
        {
            log.Report(new ParseIssue { Source = "f", Line = i, Column = 1, Problem = "p", Expected = "e" });
        }

        Assert.Equal(25, log.Count);
        Assert.Equal(20, log.Examples.Count);
        Assert.Equal(20, log.Examples[^1].Line);
    }
}

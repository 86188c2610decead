using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Ranking;

namespace Warden.Core.Tests.Ranking;

/// <summary>Reads TREC files held as strings in tests.</summary>
internal static class TrecText
{
    public static RunReadResult ReadRun(string text, ReadMode mode = ReadMode.Strict) =>
        RunReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "run.txt", mode);

    public static QrelsReadResult ReadQrels(string text, ReadMode mode = ReadMode.Strict) =>
        QrelsReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "qrels.txt", mode);

    public static QrelsReadResult ReadCompliance(string text, ReadMode mode = ReadMode.Strict) =>
        QrelsReader.ReadCompliance(new MemoryStream(Encoding.UTF8.GetBytes(text)), "labels.txt", mode);

    public static Run Run(string text) => ReadRun(text).Run;

    public static Qrels Qrels(string text) => ReadQrels(text).Qrels;

    public static string[] DocIds(Run run, string qid)
    {
        Assert.True(run.TryGetRanking(qid, out var ranking));
        return [.. ranking.Select(d => d.DocId)];
    }
}

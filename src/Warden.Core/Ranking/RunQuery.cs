using System.Text;

namespace Warden.Core.Ranking;

/// <summary>
/// One query's ranking stored compactly: the document ids as UTF-8 bytes in one array and a
/// (score, offset, length) entry per document, best first. Ten million run lines would
/// otherwise be ten million strings for the garbage collector to trace; here a query is a
/// handful of arrays and ids are decoded only when asked for.
/// </summary>
internal sealed class RunQuery
{
    private readonly byte[] _docIdBytes;
    private readonly Entry[] _entries;

    public RunQuery(byte[] docIdBytes, Entry[] entries)
    {
        _docIdBytes = docIdBytes;
        _entries = entries;
    }

    public int Count => _entries.Length;

    public double ScoreAt(int index) => _entries[index].Score;

    public ReadOnlySpan<byte> DocIdBytesAt(int index)
    {
        var entry = _entries[index];
        return _docIdBytes.AsSpan(entry.Offset, entry.Length);
    }

    public string DocIdAt(int index) => Encoding.UTF8.GetString(DocIdBytesAt(index));

    /// <summary>A retrieved document: its score and where its id's bytes are.</summary>
    internal readonly record struct Entry(double Score, int Offset, int Length);
}

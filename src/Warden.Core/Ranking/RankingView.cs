using System.Collections;

namespace Warden.Core.Ranking;

/// <summary>
/// Read-only list over a <see cref="RunQuery"/> that builds each <see cref="RankedDocument"/>
/// (decoding its id) when it is read, so looking at the top of a long ranking costs only the top.
/// </summary>
internal sealed class RankingView(RunQuery query) : IReadOnlyList<RankedDocument>
{
    public int Count => query.Count;

    public RankedDocument this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, query.Count);
            return new RankedDocument(query.DocIdAt(index), query.ScoreAt(index));
        }
    }

    public IEnumerator<RankedDocument> GetEnumerator()
    {
        for (var i = 0; i < query.Count; i++)
        {
            yield return new RankedDocument(query.DocIdAt(i), query.ScoreAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Requests per HTTP status code: a short list searched linearly, since a service answers with a
/// handful of codes. Bounded by the 500 valid codes. Not thread-safe (lives in a stripe).
/// </summary>
internal sealed class StatusCounts
{
    private int[] _codes = new int[4];
    private long[] _counts = new long[4];
    private int _used;

    /// <summary>Counts one response with <paramref name="status"/>.</summary>
    public void Add(int status)
    {
        for (var i = 0; i < _used; i++)
        {
            if (_codes[i] == status)
            {
                _counts[i]++;
                return;
            }
        }

        if (_used == _codes.Length)
        {
            Array.Resize(ref _codes, _used * 2);
            Array.Resize(ref _counts, _used * 2);
        }

        _codes[_used] = status;
        _counts[_used] = 1;
        _used++;
    }

    /// <summary>Adds these counts into <paramref name="totals"/>.</summary>
    public void AddTo(SortedDictionary<int, long> totals)
    {
        for (var i = 0; i < _used; i++)
        {
            totals[_codes[i]] = totals.GetValueOrDefault(_codes[i]) + _counts[i];
        }
    }
}

namespace Warden.Core.Statistics;

/// <summary>
/// The growable counts array of a log-bucketed histogram: <c>counts[j]</c> counts bucket
/// <c>offset + j</c>. Shared by <see cref="LogHistogram"/> and the gateway's per-window buckets,
/// which keep exactly the same bucket layout.
/// </summary>
internal static class BucketGrowth
{
    /// <summary>Slack added when the array grows, so a drifting range does not reallocate per new bucket.</summary>
    public const int Slack = 64;

    /// <summary>Grows <paramref name="counts"/> to cover bucket <paramref name="index"/>; returns its slot.</summary>
    public static int Include(ref long[] counts, ref int offset, int index)
    {
        if (counts.Length == 0)
        {
            counts = new long[2 * Slack];
            offset = index - Slack;
            return Slack;
        }

        var slot = index - offset;
        if (slot >= 0 && slot < counts.Length)
        {
            return slot;
        }

        // Extend on the side that needs it, by the gap plus half the current size, so a range
        // that keeps widening costs amortised O(1) per new bucket.
        var extra = Math.Max(Slack, counts.Length / 2);
        var newOffset = slot < 0 ? index - extra : offset;
        var newLength = slot < 0 ? counts.Length - slot + extra : slot + 1 + extra;
        var grown = new long[newLength];
        Array.Copy(counts, 0, grown, offset - newOffset, counts.Length);
        counts = grown;
        offset = newOffset;
        return index - offset;
    }
}

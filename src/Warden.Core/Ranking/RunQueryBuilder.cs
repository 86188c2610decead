namespace Warden.Core.Ranking;

/// <summary>
/// Collects one query's documents while a run is read: appends each id's bytes to a growing
/// array, detects a repeated docid with an open-addressing hash set over those bytes (no object
/// per line), and at the end orders the documents as trec_eval does.
/// </summary>
internal sealed class RunQueryBuilder(string id)
{
    private byte[] _bytes = new byte[256];
    private int _byteCount;
    private PendingEntry[] _entries = new PendingEntry[16];
    private int _count;

    // Entry index + 1 per slot, 0 = empty; kept at most half full so probes stay short.
    private int[] _slots = new int[32];

    public string Id { get; } = id;

    /// <summary>
    /// Adds a document. Returns 0 when added, or the line at which <paramref name="docId"/> was
    /// first seen for this query (line numbers start at 1) when it is a duplicate.
    /// </summary>
    public long TryAdd(ReadOnlySpan<byte> docId, double score, long line)
    {
        if ((_count + 1) * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }

        var mask = _slots.Length - 1;
        var slot = Hash(docId) & mask;
        while (_slots[slot] != 0)
        {
            ref readonly var existing = ref _entries[_slots[slot] - 1];
            if (_bytes.AsSpan(existing.Offset, existing.Length).SequenceEqual(docId))
            {
                return existing.Line;
            }

            slot = (slot + 1) & mask;
        }

        if (_byteCount + docId.Length > _bytes.Length)
        {
            var size = Math.Max((long)_bytes.Length * 2, (long)_byteCount + docId.Length);
            if (size > Array.MaxLength)
            {
                throw new InvalidOperationException($"Query '{Id}' has more than {Array.MaxLength} bytes of document ids; split the run by query.");
            }

            Array.Resize(ref _bytes, (int)size);
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        docId.CopyTo(_bytes.AsSpan(_byteCount));
        _entries[_count++] = new PendingEntry(score, _byteCount, docId.Length, line);
        _byteCount += docId.Length;
        _slots[slot] = _count;
        return 0;
    }

    /// <summary>
    /// The finished ranking in trec_eval's order (form_res_rels.c, comp_sim_docno): score
    /// descending, equal scores by docid descending under strcmp, i.e. comparing UTF-8 bytes.
    /// </summary>
    public RunQuery Build()
    {
        var pending = _entries.AsSpan(0, _count);
        var order = new TrecOrder(_bytes);
        if (!IsOrdered(pending, order))
        {
            pending.Sort(order);
        }

        var entries = new RunQuery.Entry[_count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new RunQuery.Entry(pending[i].Score, pending[i].Offset, pending[i].Length);
        }

        return new RunQuery(_bytes.AsSpan(0, _byteCount).ToArray(), entries);
    }

    // Most runs are written best-first already; checking is linear, sorting is not.
    private static bool IsOrdered(ReadOnlySpan<PendingEntry> entries, TrecOrder order)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            if (order.Compare(entries[i - 1], entries[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private void Rehash(int size)
    {
        _slots = new int[size];
        var mask = size - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = Hash(_bytes.AsSpan(_entries[i].Offset, _entries[i].Length)) & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = i + 1;
        }
    }

    private readonly record struct PendingEntry(double Score, int Offset, int Length, long Line);

    private readonly struct TrecOrder(byte[] bytes) : IComparer<PendingEntry>
    {
        public int Compare(PendingEntry x, PendingEntry y)
        {
            if (x.Score > y.Score)
            {
                return -1;
            }

            if (x.Score < y.Score)
            {
                return 1;
            }

            return bytes.AsSpan(y.Offset, y.Length).SequenceCompareTo(bytes.AsSpan(x.Offset, x.Length));
        }
    }
}

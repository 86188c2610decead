namespace Warden.Audit;

/// <summary>
/// A block of stored rows copied out of the database, so one thread can read the next rows while
/// another hashes these. The fields of a row lie back to back in <see cref="_data"/>; nine offsets
/// per row mark where each byte field starts and a tenth where the row ends.
/// </summary>
internal sealed class AuditRowBatch
{
    private const int Stride = 10;

    private readonly long[] _sequences;
    private readonly bool[] _hasDeployment;
    private readonly int[] _offsets;
    private byte[] _data;
    private int _used;

    public AuditRowBatch(int rows, int bytes)
    {
        _sequences = new long[rows];
        _hasDeployment = new bool[rows];
        _offsets = new int[rows * Stride];
        _data = new byte[bytes];
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>True when no further row fits by count (bytes grow as needed).</summary>
    public bool Full => Count == _sequences.Length;

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Copies <paramref name="row"/> in; the caller checks <see cref="Full"/> first.</summary>
    public void Add(in AuditRow row)
    {
        var size = row.Time.Length + row.Actor.Length + row.Action.Length + row.Subject.Length + row.DeploymentId.Length
            + row.EvidenceIds.Length + row.Payload.Length + row.PreviousHash.Length + row.Hash.Length;
        if (_used + size > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + size));
        }

        var o = Count * Stride;
        _sequences[Count] = row.Sequence;
        _hasDeployment[Count] = row.HasDeploymentId;
        Put(o + 0, row.Time);
        Put(o + 1, row.Actor);
        Put(o + 2, row.Action);
        Put(o + 3, row.Subject);
        Put(o + 4, row.DeploymentId);
        Put(o + 5, row.EvidenceIds);
        Put(o + 6, row.Payload);
        Put(o + 7, row.PreviousHash);
        Put(o + 8, row.Hash);
        _offsets[o + 9] = _used;
        Count++;
    }

    /// <summary>The row at <paramref name="index"/>, as spans over this batch.</summary>
    public AuditRow Row(int index)
    {
        var o = index * Stride;
        return new AuditRow
        {
            Sequence = _sequences[index],
            Time = Field(o + 0),
            Actor = Field(o + 1),
            Action = Field(o + 2),
            Subject = Field(o + 3),
            HasDeploymentId = _hasDeployment[index],
            DeploymentId = Field(o + 4),
            EvidenceIds = Field(o + 5),
            Payload = Field(o + 6),
            PreviousHash = Field(o + 7),
            Hash = Field(o + 8),
        };
    }

    private void Put(int slot, ReadOnlySpan<byte> value)
    {
        _offsets[slot] = _used;
        value.CopyTo(_data.AsSpan(_used));
        _used += value.Length;
    }

    private ReadOnlySpan<byte> Field(int slot) => _data.AsSpan(_offsets[slot], _offsets[slot + 1] - _offsets[slot]);
}

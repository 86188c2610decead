namespace Warden.Storage.Copying;

/// <summary>Every table of a store as of one moment (one read transaction), for a copy to read.</summary>
internal interface IStoreSnapshot
{
    /// <summary>The tables of <see cref="StoreTables.CopyOrder"/>, in that order, with their row counts at the snapshot.</summary>
    IReadOnlyList<StoreTable> Tables { get; }

    /// <summary>The rows of <paramref name="table"/> in primary-key order; each value a long, double, string, byte array or null, one per column.</summary>
    IAsyncEnumerable<object?[]> RowsAsync(StoreTable table, CancellationToken cancellationToken);
}

namespace Warden.Storage.Copying;

/// <summary>
/// A store's tables as rows, so that <c>warden store migrate</c> can copy one store into another
/// byte for byte (the audit chain hashes the stored text; a copy through the domain types could
/// re-format a timestamp and break it). Both stores have the same tables and columns.
/// </summary>
internal interface IStoreTables
{
    /// <summary>The tables of <see cref="StoreTables.CopyOrder"/> this store holds, with their columns and row counts.</summary>
    ValueTask<IReadOnlyList<StoreTable>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a consistent snapshot of every table.</summary>
    ValueTask<T> SnapshotAsync<T>(Func<IStoreSnapshot, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Writes every row of <paramref name="source"/> in one transaction under the store's write lock,
    /// table by table in its order, and reports the rows written so far to <paramref name="progress"/>.
    /// Refuses (<see cref="StoreCopyRefusal"/>, nothing written) when any table already holds a row
    /// or a table's columns differ from the source's.
    /// </summary>
    ValueTask ImportAsync(IStoreSnapshot source, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken);
}

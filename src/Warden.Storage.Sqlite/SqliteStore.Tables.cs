using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Warden.Storage.Copying;

namespace Warden.Storage.Sqlite;

/// <summary>The SQLite store's tables as rows, for <c>warden store migrate</c> (<see cref="IStoreTables"/>).</summary>
internal sealed partial class SqliteStore : IStoreTables
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoreTable>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync((tx, ct) => ValueTask.FromResult<IReadOnlyList<StoreTable>>(Describe(((SqliteStoreTransaction)tx).Command)), cancellationToken);

    /// <inheritdoc />
    public ValueTask<T> SnapshotAsync<T>(Func<IStoreSnapshot, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken) =>
        ReadAsync((tx, ct) => work(new Snapshot((SqliteStoreTransaction)tx, Describe(((SqliteStoreTransaction)tx).Command)), ct), cancellationToken);

    /// <inheritdoc />
    public ValueTask ImportAsync(IStoreSnapshot source, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken) =>
        new(WriteAsync(
            async (tx, ct) =>
            {
                var session = (SqliteStoreTransaction)tx;
                var here = Describe(session.Command).ToDictionary(t => t.Name, StringComparer.Ordinal);
                TableImport.Check(Location, source.Tables, here);
                foreach (var table in source.Tables)
                {
                    using var insert = session.Command(
                        $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})");
                    var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
                    insert.Prepare();
                    long written = 0;
                    await foreach (var row in source.RowsAsync(table, ct).ConfigureAwait(false))
                    {
                        for (var i = 0; i < row.Length; i++)
                        {
                            parameters[i].Value = row[i] ?? DBNull.Value;
                        }

                        insert.ExecuteNonQuery();
                        if (++written % TableImport.ProgressEvery == 0)
                        {
                            progress?.Report(new StoreCopyProgress(table.Name, written, table.Rows));
                        }
                    }

                    progress?.Report(new StoreCopyProgress(table.Name, written, table.Rows));
                }

                return 0;
            },
            cancellationToken).AsTask());

    private static List<StoreTable> Describe(Func<string, SqliteCommand> command)
    {
        var tables = new List<StoreTable>();
        foreach (var name in StoreTables.CopyOrder)
        {
            var columns = new List<string>();
            using (var info = command($"SELECT name FROM pragma_table_info('{name}') ORDER BY cid"))
            using (var reader = info.ExecuteReader())
            {
                while (reader.Read())
                {
                    columns.Add(reader.GetString(0));
                }
            }

            if (columns.Count == 0)
            {
                continue;
            }

            using var count = command($"SELECT count(*) FROM {name}");
            tables.Add(new StoreTable(name, columns, (long)count.ExecuteScalar()!));
        }

        return tables;
    }

    private sealed class Snapshot(SqliteStoreTransaction tx, IReadOnlyList<StoreTable> tables) : IStoreSnapshot
    {
        public IReadOnlyList<StoreTable> Tables { get; } = tables;

        public async IAsyncEnumerable<object?[]> RowsAsync(StoreTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // Primary-key order (rowid for the tables that have one), so a copy appends in the order written.
            var keys = new List<string>();
            using (var info = tx.Command($"SELECT name FROM pragma_table_info('{table.Name}') WHERE pk > 0 ORDER BY pk"))
            using (var reader = info.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(reader.GetString(0));
                }
            }

            using var select = tx.Command($"SELECT {string.Join(", ", table.Columns)} FROM {table.Name} ORDER BY {(keys.Count == 0 ? "rowid" : string.Join(", ", keys))}");
            using var rows = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = new object?[table.Columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = rows.IsDBNull(i) ? null : rows.GetValue(i);
                }

                yield return values;
            }
        }
    }
}

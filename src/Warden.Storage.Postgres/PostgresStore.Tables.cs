using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Warden.Storage.Copying;

namespace Warden.Storage.Postgres;

/// <summary>
/// The PostgreSQL store's tables as rows, for <c>warden store migrate</c> (<see cref="IStoreTables"/>).
/// An import streams each table with binary COPY inside one write transaction (under the write
/// lock): a million audit events go in as one stream rather than a million statements.
/// </summary>
internal sealed partial class PostgresStore : IStoreTables
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoreTable>> ListAsync(CancellationToken cancellationToken) =>
        ReadAsync(async (tx, ct) => (IReadOnlyList<StoreTable>)[.. (await DescribeAsync((PostgresStoreTransaction)tx, ct).ConfigureAwait(false)).Select(t => t.Table)], cancellationToken);

    /// <inheritdoc />
    public ValueTask<T> SnapshotAsync<T>(Func<IStoreSnapshot, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken) =>
        ReadAsync(
            async (tx, ct) =>
            {
                var session = (PostgresStoreTransaction)tx;
                var tables = await DescribeAsync(session, ct).ConfigureAwait(false);
                return await work(new Snapshot(session, tables), ct).ConfigureAwait(false);
            },
            cancellationToken);

    /// <inheritdoc />
    public ValueTask ImportAsync(IStoreSnapshot source, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken) =>
        new(WriteAsync(
            async (tx, ct) =>
            {
                var session = (PostgresStoreTransaction)tx;
                var here = (await DescribeAsync(session, ct).ConfigureAwait(false)).ToDictionary(t => t.Table.Name, StringComparer.Ordinal);
                TableImport.Check(Location, source.Tables, here.ToDictionary(t => t.Key, t => t.Value.Table, StringComparer.Ordinal));
                foreach (var table in source.Tables)
                {
                    var types = table.Columns.Select(c => here[table.Name].Types[c]).ToArray();
                    var copy = await session.Connection.BeginBinaryImportAsync(
                        $"COPY {table.Name} ({string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
                    await using (copy.ConfigureAwait(false))
                    {
                        long written = 0;
                        await foreach (var row in source.RowsAsync(table, ct).ConfigureAwait(false))
                        {
                            await copy.StartRowAsync(ct).ConfigureAwait(false);
                            for (var i = 0; i < row.Length; i++)
                            {
                                await WriteAsync(copy, row[i], types[i], ct).ConfigureAwait(false);
                            }

                            if (++written % TableImport.ProgressEvery == 0)
                            {
                                progress?.Report(new StoreCopyProgress(table.Name, written, table.Rows));
                            }
                        }

                        await copy.CompleteAsync(ct).ConfigureAwait(false);
                        progress?.Report(new StoreCopyProgress(table.Name, written, table.Rows));
                    }
                }

                return 0;
            },
            cancellationToken).AsTask());

    // SQLite hands back what it stored: an integer for a REAL column holding a whole number, say;
    // each value is converted to the column's type here.
    private static Task WriteAsync(NpgsqlBinaryImporter copy, object? value, NpgsqlDbType type, CancellationToken cancellationToken) => value is null
        ? copy.WriteNullAsync(cancellationToken)
        : type switch
        {
            NpgsqlDbType.Bigint => copy.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), type, cancellationToken),
            NpgsqlDbType.Double => copy.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), type, cancellationToken),
            NpgsqlDbType.Bytea => copy.WriteAsync((byte[])value, type, cancellationToken),
            _ => copy.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, type, cancellationToken),
        };

    private async ValueTask<List<(StoreTable Table, Dictionary<string, NpgsqlDbType> Types)>> DescribeAsync(PostgresStoreTransaction tx, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<(string Name, NpgsqlDbType Type)>>(StringComparer.Ordinal);
        await using (var command = tx.Command(
            // Generated columns (rollouts.finished) are derived, not copied; SQLite's table_info leaves them out too.
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = @schema AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position"))
        {
            PostgresValues.Add(command, "schema", _options.Schema);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var type = reader.GetString(2) switch
                {
                    "bigint" or "integer" => NpgsqlDbType.Bigint,
                    "double precision" or "real" => NpgsqlDbType.Double,
                    "bytea" => NpgsqlDbType.Bytea,
                    _ => NpgsqlDbType.Text,
                };
                (columns.TryGetValue(reader.GetString(0), out var list) ? list : columns[reader.GetString(0)] = []).Add((reader.GetString(1), type));
            }
        }

        var tables = new List<(StoreTable, Dictionary<string, NpgsqlDbType>)>();
        foreach (var name in StoreTables.CopyOrder)
        {
            if (!columns.TryGetValue(name, out var list))
            {
                continue;
            }

            await using var count = tx.Command($"SELECT count(*) FROM {name}");
            var rows = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            tables.Add((new StoreTable(name, [.. list.Select(c => c.Name)], rows), list.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal)));
        }

        return tables;
    }

    private sealed class Snapshot(PostgresStoreTransaction tx, List<(StoreTable Table, Dictionary<string, NpgsqlDbType> Types)> tables) : IStoreSnapshot
    {
        public IReadOnlyList<StoreTable> Tables { get; } = [.. tables.Select(t => t.Table)];

        public async IAsyncEnumerable<object?[]> RowsAsync(StoreTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var keys = new List<string>();
            await using (var primary = tx.Command(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) " +
                "WHERE i.indrelid = @table::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)"))
            {
                PostgresValues.Add(primary, "table", table.Name);
                await using var reader = await primary.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(reader.GetString(0));
                }
            }

            await using var select = tx.Command($"SELECT {string.Join(", ", table.Columns)} FROM {table.Name}{(keys.Count == 0 ? string.Empty : $" ORDER BY {string.Join(", ", keys)}")}");
            await using var rows = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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

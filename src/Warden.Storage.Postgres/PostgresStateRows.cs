using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using Warden.Audit;

namespace Warden.Storage.Postgres;

/// <summary><see cref="IStateRows"/> over the tables of <see cref="PostgresStateTables"/>: <c>audit_seq</c> and <c>row_sha256</c> beside the content columns.</summary>
internal sealed class PostgresStateRows(PostgresStoreTransaction tx) : IStateRows
{
    /// <inheritdoc />
    public async IAsyncEnumerable<StoredStateRow> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var table in PostgresStateTables.All)
        {
            // Qualified: a bare "id" would also name the key column of the select list (api_tokens).
            var order = string.Join(", ", table.OrderSql.Split(", ").Select(column => $"{table.Name}.{column}"));
            await using var command = tx.Command(Select(table) + $" ORDER BY {order}");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return Row(table, reader);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoredStateRow?> ReadAsync(StateRowRef row, CancellationToken cancellationToken)
    {
        var table = PostgresStateTables.Named(row.Table);
        await using var command = tx.Command(Select(table) + $" WHERE {table.KeyWhere}");
        PostgresValues.Add(command, "key", row.Row);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Row(table, reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask StampAsync(StateRowRef row, long sequence, string sha256, CancellationToken cancellationToken)
    {
        var table = PostgresStateTables.Named(row.Table);
        await using var command = tx.Command($"UPDATE {table.Name} SET audit_seq = @seq, row_sha256 = @sha WHERE {table.KeyWhere}");
        PostgresValues.Add(command, "seq", sequence);
        PostgresValues.Add(command, "sha", sha256);
        PostgresValues.Add(command, "key", row.Row);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"{row}: expected one row to stamp with {AuditIds.Format(sequence)}");
        }
    }

    private static string Select(PostgresStateTable table) =>
        $"SELECT {table.KeySql}, audit_seq, row_sha256, {string.Join(", ", table.Columns)} FROM {table.Name}";

    private static StoredStateRow Row(PostgresStateTable table, NpgsqlDataReader reader)
    {
        // BIGINT reads as long, DOUBLE PRECISION as double, TEXT as string: the types SQLite hands
        // back for the same columns, so the digest is the same in both stores.
        var values = new object?[table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i + 3) ? null : reader.GetValue(i + 3);
        }

        return new StoredStateRow
        {
            Ref = new StateRowRef(table.Name, reader.IsDBNull(0) ? string.Empty : reader.GetString(0)),
            AuditSequence = reader.IsDBNull(1) ? null : reader.GetInt64(1),
            RecordedSha256 = reader.IsDBNull(2) ? null : reader.GetString(2),
            Sha256 = StateRowDigest.Compute(table.Name, values),
            Summary = string.Join(", ", table.Summary.Select(i => Convert.ToString(values[i], CultureInfo.InvariantCulture) ?? "-")),
        };
    }
}

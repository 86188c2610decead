using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Warden.Audit;

namespace Warden.Storage.Sqlite;

/// <summary><see cref="IStateRows"/> over the tables of <see cref="StateTables"/>: <c>audit_seq</c> and <c>row_sha256</c> beside the content columns.</summary>
internal sealed class SqliteStateRows(SqliteStoreTransaction tx) : IStateRows
{
    /// <inheritdoc />
    public IAsyncEnumerable<StoredStateRow> ReadAllAsync(CancellationToken cancellationToken) => ReadAllAsync(StateTables.All, cancellationToken);

    /// <summary>Every row of <paramref name="tables"/>, table by table, each in insertion order.</summary>
    public async IAsyncEnumerable<StoredStateRow> ReadAllAsync(IReadOnlyList<StateTable> tables, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            using var command = tx.Command(Select(table) + " ORDER BY rowid");
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return Row(table, reader);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<StoredStateRow?> ReadAsync(StateRowRef row, CancellationToken cancellationToken)
    {
        var table = StateTables.Named(row.Table);
        using var command = tx.Command(Select(table) + $" WHERE {table.KeyWhere}");
        command.Parameters.AddWithValue("$key", row.Row);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Row(table, reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask StampAsync(StateRowRef row, long sequence, string sha256, CancellationToken cancellationToken)
    {
        var table = StateTables.Named(row.Table);
        using var command = tx.Command($"UPDATE {table.Name} SET audit_seq = $seq, row_sha256 = $sha WHERE {table.KeyWhere}");
        command.Parameters.AddWithValue("$seq", sequence);
        command.Parameters.AddWithValue("$sha", sha256);
        command.Parameters.AddWithValue("$key", row.Row);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"{row}: expected one row to stamp with {AuditIds.Format(sequence)}");
        }
    }

    private static string Select(StateTable table) =>
        $"SELECT {table.KeySql}, audit_seq, row_sha256, {string.Join(", ", table.Columns)} FROM {table.Name}";

    private static StoredStateRow Row(StateTable table, SqliteDataReader reader)
    {
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

using Microsoft.Data.Sqlite;
using Warden.Access;
using Warden.Audit;
using Warden.Checkpoints;
using Warden.Leases;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Storage.Sqlite;

/// <summary>The repositories of one SQLite transaction; each is created on first use.</summary>
internal sealed class SqliteStoreTransaction : IStoreTransaction, IDisposable
{
    private SqliteAuditLog? _audit;

    public SqliteStoreTransaction(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        Connection = connection;
        Transaction = transaction;
        Now = now;
    }

    /// <summary>The open connection (for repositories of this store).</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The transaction every command must join.</summary>
    public SqliteTransaction Transaction { get; }

    /// <inheritdoc />
    public DateTimeOffset Now { get; }

    /// <inheritdoc />
    public IAuditLog Audit => _audit ??= new SqliteAuditLog(this);

    /// <inheritdoc />
    public IModelRegistryRepository Registry => field ??= new SqliteModelRegistry(this);

    /// <inheritdoc />
    public IVerdictRecordRepository Verdicts => field ??= new SqliteVerdictRecords(this);

    /// <inheritdoc />
    public ICheckpointRepository Checkpoints => field ??= new SqliteCheckpoints(this);

    /// <inheritdoc />
    public IStateRows Rows => field ??= new SqliteStateRows(this);

    /// <inheritdoc />
    public ITelemetryWindowRepository TelemetryWindows => field ??= new SqliteTelemetryWindows(this);

    /// <inheritdoc />
    public IRolloutRepository Rollouts => field ??= new SqliteRollouts(this);

    /// <inheritdoc />
    public ILeaseRepository Leases => field ??= new SqliteLeases(this);

    /// <inheritdoc />
    public ITokenRepository Tokens => field ??= new SqliteTokens(this);

    /// <summary>Releases the prepared statements of this transaction's repositories.</summary>
    public void Dispose() => _audit?.Dispose();

    /// <summary>A command joined to this transaction.</summary>
    public SqliteCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }
}

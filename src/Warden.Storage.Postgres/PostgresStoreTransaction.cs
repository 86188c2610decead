using Npgsql;
using Warden.Access;
using Warden.Audit;
using Warden.Checkpoints;
using Warden.Leases;
using Warden.Registry;
using Warden.Rollouts;

namespace Warden.Storage.Postgres;

/// <summary>The repositories of one PostgreSQL transaction; each is created on first use.</summary>
internal sealed class PostgresStoreTransaction : IStoreTransaction
{
    private PostgresAuditLog? _audit;

    public PostgresStoreTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now)
    {
        Connection = connection;
        Transaction = transaction;
        Now = now;
    }

    /// <summary>The open connection (for repositories of this store).</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The transaction every command joins.</summary>
    public NpgsqlTransaction Transaction { get; }

    /// <inheritdoc />
    public DateTimeOffset Now { get; }

    /// <summary>The sequence of the last event this transaction appended, or null when it appended none.</summary>
    public long? AppendedHead => _audit?.Appended;

    /// <inheritdoc />
    public IAuditLog Audit => _audit ??= new PostgresAuditLog(this);

    /// <inheritdoc />
    public IModelRegistryRepository Registry => field ??= new PostgresModelRegistry(this);

    /// <inheritdoc />
    public IVerdictRecordRepository Verdicts => field ??= new PostgresVerdictRecords(this);

    /// <inheritdoc />
    public ICheckpointRepository Checkpoints => field ??= new PostgresCheckpoints(this);

    /// <inheritdoc />
    public IStateRows Rows => field ??= new PostgresStateRows(this);

    /// <inheritdoc />
    public ITelemetryWindowRepository TelemetryWindows => field ??= new PostgresTelemetryWindows(this);

    /// <inheritdoc />
    public IRolloutRepository Rollouts => field ??= new PostgresRollouts(this);

    /// <inheritdoc />
    public ILeaseRepository Leases => field ??= new PostgresLeases(this);

    /// <inheritdoc />
    public ITokenRepository Tokens => field ??= new PostgresTokens(this);

    /// <summary>A command joined to this transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}

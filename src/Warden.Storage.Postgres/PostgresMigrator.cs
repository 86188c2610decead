using System.Globalization;
using Npgsql;

namespace Warden.Storage.Postgres;

/// <summary>
/// Brings a schema to <see cref="PostgresSchemaMigrations.Latest"/>, one transaction per step, under
/// the store's write lock held for the whole run: two processes opening a new store at once take
/// turns, and the second finds the steps done.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>
    /// The comment on <c>schema_migrations</c> that marks the schema as Warden's (what SQLite's
    /// <c>application_id</c> does): another tool's <c>schema_migrations</c> table is not taken for ours.
    /// </summary>
    public const string Marker = "warden store: applied schema steps";

    /// <summary>What a schema holds, read without changing it.</summary>
    /// <param name="SchemaExists">The schema exists.</param>
    /// <param name="Objects">Tables, views and sequences in it.</param>
    /// <param name="IsWarden">It has Warden's <c>schema_migrations</c> (marked with <see cref="Marker"/>).</param>
    /// <param name="Version">The highest applied step; 0 when not Warden's.</param>
    public sealed record SchemaState(bool SchemaExists, long Objects, bool IsWarden, int Version);

    /// <summary>Reads what the store's schema holds.</summary>
    public static async ValueTask<SchemaState> InspectAsync(NpgsqlConnection connection, PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        bool exists, isWarden;
        long objects;
        await using (var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema), " +
            "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')), " +
            "coalesce(obj_description(to_regclass(quote_ident(@schema) || '.schema_migrations'), 'pg_class') = @marker, false)",
            connection))
        {
            PostgresValues.Add(command, "schema", options.Schema);
            PostgresValues.Add(command, "marker", Marker);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (exists, objects, isWarden) = (reader.GetBoolean(0), reader.GetInt64(1), reader.GetBoolean(2));
        }

        var version = 0;
        if (isWarden)
        {
            await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations", connection);
            version = checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        }

        return new SchemaState(exists, objects, isWarden, version);
    }

    /// <summary>Refuses a schema that is another program's, or newer than this binary.</summary>
    public static void Check(SchemaState state, PostgresStoreOptions options)
    {
        var location = options.Location;
        if (!state.IsWarden && state.Objects > 0)
        {
            var detail = $"schema '{options.Schema}' holds {state.Objects} tables, views or sequences and no Warden schema_migrations";
            throw new StoreException(
                StoreFailure.Corrupt,
                location,
                $"{location}: {detail}: it was not created by Warden, and Warden will not change it.")
            {
                Detail = detail,
                Foreign = true,
            };
        }

        if (state.Version > PostgresSchemaMigrations.Latest)
        {
            throw new StoreException(
                StoreFailure.SchemaTooNew,
                location,
                $"{location}: the database has schema version {state.Version}, newer than this warden knows " +
                $"({PostgresSchemaMigrations.Latest}); it was written by a newer Warden. Nothing was changed.")
            {
                SchemaVersion = state.Version,
                SupportedSchemaVersion = PostgresSchemaMigrations.Latest,
            };
        }
    }

    /// <summary>Applies pending steps (creating the schema when it does not exist) and returns the resulting schema version.</summary>
    public static async ValueTask<int> ApplyAsync(NpgsqlConnection connection, PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        var writeLock = WriteLock.For(options.Schema);
        // A session lock, so it spans the steps' transactions; the steps' own xact locks on the same
        // key are re-entrant for this session. lock_timeout bounds the wait as it bounds a writer's.
        await using (var take = new NpgsqlCommand("SELECT set_config('lock_timeout', @timeout, false); SELECT pg_advisory_lock(@space, @key)", connection))
        {
            PostgresValues.Add(take, "timeout", PostgresStore.LockTimeoutSetting(options.LockTimeout));
            PostgresValues.AddInt32(take, "space", writeLock.Space);
            PostgresValues.AddInt32(take, "key", writeLock.Key);
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var state = await InspectAsync(connection, options, cancellationToken).ConfigureAwait(false);
            Check(state, options);
            var current = state.Version;
            foreach (var step in PostgresSchemaMigrations.All)
            {
                if (step.Version <= current)
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var command = new NpgsqlCommand(string.Empty, connection, transaction))
                {
                    command.CommandText =
                        (state.SchemaExists ? string.Empty : $"CREATE SCHEMA {options.Schema};") +
                        step.Sql +
                        ";CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT COLLATE \"C\" NOT NULL, applied_at TEXT COLLATE \"C\" NOT NULL)" +
                        $";COMMENT ON TABLE schema_migrations IS '{Marker}'";
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)", connection, transaction))
                {
                    PostgresValues.Add(record, "version", step.Version);
                    PostgresValues.Add(record, "name", step.Name);
                    PostgresValues.Add(record, "at", options.Time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (step.Data is { } data)
                {
                    var session = new PostgresStoreTransaction(connection, transaction, options.Time.GetUtcNow());
                    await data(session, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                state = state with { SchemaExists = true };
                current = step.Version;
            }

            return current;
        }
        finally
        {
            // Not cancellable: a pooled connection must not go back still holding the lock.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@space, @key); RESET lock_timeout", connection);
            PostgresValues.AddInt32(release, "space", writeLock.Space);
            PostgresValues.AddInt32(release, "key", writeLock.Key);
            try
            {
                await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is broken (that is what failed the run, and that exception is on its
                // way up): Npgsql does not pool a broken connection, and its end releases the lock.
            }
        }
    }
}

using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Warden.Storage.Sqlite;

/// <summary>
/// Brings a database to <see cref="SchemaMigrations.Latest"/>, one transaction per step. The DDL runs
/// through SQLite's synchronous calls (Microsoft.Data.Sqlite's *Async methods are synchronous
/// underneath too); a step's data work goes through the async repositories like any write.
/// </summary>
internal static class SqliteMigrator
{
    /// <summary>True when the database has no schema objects and no schema version: a file Warden never set up.</summary>
    public static bool IsBlank(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_schema";
        var objects = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return objects == 0 && UserVersion(connection, transaction: null) == 0;
    }

    /// <summary>Checks the file is Warden's and not newer than this binary, without changing it; returns its schema version.</summary>
    public static int Inspect(SqliteConnection connection, SqliteStoreOptions options, long applicationId)
    {
        CheckOwner(connection, options, applicationId);
        var current = UserVersion(connection, transaction: null);
        if (current > SchemaMigrations.Latest)
        {
            throw new StoreException(
                StoreFailure.SchemaTooNew,
                options.DatabasePath,
                $"{options.DatabasePath}: the database has schema version {current}, newer than this warden knows " +
                $"({SchemaMigrations.Latest}); it was written by a newer Warden. Nothing was changed.")
            {
                SchemaVersion = current,
                SupportedSchemaVersion = SchemaMigrations.Latest,
            };
        }

        return current;
    }

    /// <summary>Applies pending steps and returns the resulting schema version.</summary>
    public static async ValueTask<int> ApplyAsync(SqliteConnection connection, SqliteStoreOptions options, long applicationId, CancellationToken cancellationToken)
    {
        var current = Inspect(connection, options, applicationId);

        foreach (var step in SchemaMigrations.All)
        {
            if (step.Version <= current)
            {
                continue;
            }

            // Another process may be migrating the same file: take the write lock, then look again.
            using var transaction = connection.BeginTransaction(deferred: false);
            current = UserVersion(connection, transaction);
            if (step.Version <= current)
            {
                transaction.Commit();
                continue;
            }

            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = step.Sql +
                    ";CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)" +
                    ";INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)" +
                    $";PRAGMA application_id = {applicationId.ToString(CultureInfo.InvariantCulture)}" +
                    $";PRAGMA user_version = {step.Version.ToString(CultureInfo.InvariantCulture)}";
                command.Parameters.AddWithValue("$version", step.Version);
                command.Parameters.AddWithValue("$name", step.Name);
                command.Parameters.AddWithValue("$at", options.Time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                command.ExecuteNonQuery();
            }

            if (step.Data is { } data)
            {
                using var session = new SqliteStoreTransaction(connection, transaction, options.Time.GetUtcNow());
                await data(session, cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            current = step.Version;
        }

        return current;
    }

    private static void CheckOwner(SqliteConnection connection, SqliteStoreOptions options, long applicationId)
    {
        // One statement, so one snapshot: read apart, another process creating the same new file
        // could commit its first step between the two reads (id 0, then its tables), which looked
        // like a foreign file.
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT application_id FROM pragma_application_id()), (SELECT count(*) FROM sqlite_schema)";
        long id, objects;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            (id, objects) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (id != applicationId && (id != 0 || objects > 0))
        {
            var detail = $"application_id {id}, {objects} schema objects";
            throw new StoreException(
                StoreFailure.Corrupt,
                options.DatabasePath,
                $"{options.DatabasePath}: this SQLite file was not created by Warden ({detail}); Warden will not change it.")
            {
                Detail = detail,
                Foreign = true,
            };
        }
    }

    private static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

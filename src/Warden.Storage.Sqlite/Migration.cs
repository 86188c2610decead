namespace Warden.Storage.Sqlite;

/// <summary>One schema step. Applied in order, each in its own transaction, recorded in <c>schema_migrations</c> and <c>PRAGMA user_version</c>.</summary>
/// <param name="Version">Schema version this step produces (1, 2, 3, … without gaps).</param>
/// <param name="Name">Short name shown in messages, e.g. <c>audit log</c>.</param>
/// <param name="Sql">The DDL, plain SQLite SQL.</param>
/// <param name="Data">Work on the rows after the DDL, in the same transaction (e.g. attesting rows written before the step), or null.</param>
internal sealed record Migration(int Version, string Name, string Sql, Func<SqliteStoreTransaction, CancellationToken, ValueTask>? Data = null);

namespace Warden.Storage.Postgres;

/// <summary>One schema step of the PostgreSQL store. Applied in order, each in its own transaction, recorded in <c>schema_migrations</c>.</summary>
/// <param name="Version">Schema version this step produces (1, 2, 3, … without gaps).</param>
/// <param name="Name">Short name shown in messages.</param>
/// <param name="Sql">The DDL, plain PostgreSQL SQL, unqualified names (the store's search path is its schema).</param>
/// <param name="Data">Work on the rows after the DDL, in the same transaction, or null.</param>
internal sealed record PostgresMigration(int Version, string Name, string Sql, Func<PostgresStoreTransaction, CancellationToken, ValueTask>? Data = null);

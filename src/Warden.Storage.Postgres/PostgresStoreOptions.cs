using System.Text.RegularExpressions;
using Npgsql;

namespace Warden.Storage.Postgres;

/// <summary>How the PostgreSQL store is opened.</summary>
internal sealed partial record PostgresStoreOptions
{
    /// <summary>The schema Warden's tables live in unless told otherwise.</summary>
    public const string DefaultSchema = "warden";

    /// <summary>
    /// An Npgsql connection string (<c>Host=...;Port=...;Username=...;Database=...</c>); a store URL
    /// becomes one through <see cref="PostgresStoreUrl"/>. Its <c>Search Path</c> is replaced by <see cref="Schema"/>.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The schema that holds Warden's tables (default <c>warden</c>): lower-case letters, digits and
    /// underscores, starting with a letter or underscore, at most 57 characters (the audit channel is
    /// <c>SCHEMA_audit</c> and PostgreSQL names stop at 63). Two stores in one database use two schemas.
    /// </summary>
    public string Schema { get; init; } = DefaultSchema;

    /// <summary>How long a writer waits for another process's write lock before giving up (default 10 s).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for event and record times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the state lives, for messages: <c>postgres://USER@HOST:PORT/DATABASE</c> (with
    /// <c>?schema=</c> when not the default). Never the password.
    /// </summary>
    public string Location
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(ConnectionString);
            var location = PostgresStoreUrl.Format(b.Username, b.Host, b.Port, b.Database);
            return Schema == DefaultSchema ? location : $"{location}?schema={Schema}";
        }
    }

    /// <summary>The NOTIFY channel the store signals appended audit events on: <c>SCHEMA_audit</c> (<c>warden_audit</c> by default).</summary>
    public string AuditChannel => Schema + "_audit";

    /// <summary>Why <paramref name="schema"/> cannot name Warden's schema, or null when it can.</summary>
    public static string? SchemaProblem(string schema) =>
        SchemaName().IsMatch(schema)
            ? null
            : $"the schema name '{schema}' is not 1 to 57 lower-case letters, digits or underscores starting with a letter or underscore; use e.g. '{DefaultSchema}'";

    /// <summary>The connection string the store uses: <see cref="ConnectionString"/> with the search path set to <see cref="Schema"/> only.</summary>
    internal NpgsqlConnectionStringBuilder Connection(bool readOnly)
    {
        if (SchemaProblem(Schema) is { } problem)
        {
            throw new ArgumentException(problem, nameof(Schema));
        }

        var b = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            // Unqualified names in every statement mean this schema's tables (pg_catalog is always searched first).
            SearchPath = Schema,
        };
        if (readOnly)
        {
            // The server refuses every write in such a session (SQLSTATE 25006), which the store reports as read-only.
            b.Options = $"{b.Options} -c default_transaction_read_only=on".Trim();
        }

        return b;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,56}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}

namespace Warden.Storage.Postgres;

/// <summary>
/// Every schema step of the PostgreSQL store, oldest first. Never edit a released step: add a new
/// one (its own DDL, and data work if rows must change), as the SQLite store does. A schema whose
/// version is above <see cref="Latest"/> was written by a newer Warden and is refused, not guessed at.
/// </summary>
/// <remarks>
/// The versions count PostgreSQL's steps, not SQLite's: step 1 here is SQLite's steps 1–7 at once.
/// A later change to the tables is one new step in each store.
/// </remarks>
internal static class PostgresSchemaMigrations
{
    /// <summary>The steps in order.</summary>
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        new(1, "warden tables (SQLite schema 7)", WardenSchema.Sql),
    ];

    /// <summary>The schema version this binary writes.</summary>
    public static int Latest => All[^1].Version;
}

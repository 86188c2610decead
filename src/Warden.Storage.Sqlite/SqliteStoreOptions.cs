namespace Warden.Storage.Sqlite;

/// <summary>How the SQLite store is opened.</summary>
internal sealed record SqliteStoreOptions
{
    /// <summary>The data directory; the database is <c>warden.db</c> inside it (created if missing).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>How long a writer waits for another process's write lock before giving up (default 10 s).</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for event and record times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, Storage.DataDirectory.DatabaseFileName);
}

namespace Warden.Storage;

/// <summary>
/// A storage problem the user can act on (lock held, read-only file, disk full, newer schema).
/// It carries a code (<see cref="Failure"/>) and the facts behind it (path, lock timeout, schema
/// versions, the back-end's own words); the message states what happened and never names a
/// command-line option. The fix is worded by whoever knows how the store was configured: the CLI
/// (<c>Warden.Cli.StoreErrorText</c>) prints it and exits 2, an API would name its own setting.
/// Nothing was written.
/// </summary>
internal sealed class StoreException : Exception
{
    public StoreException(StoreFailure failure, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Path = path;
    }

    /// <summary>The kind of failure.</summary>
    public StoreFailure Failure { get; }

    /// <summary>The database the failure is about; the data directory when <see cref="AtDataDirectory"/>.</summary>
    public string Path { get; }

    /// <summary>True when the data directory itself could not be created (<see cref="StoreFailure.CannotOpen"/>).</summary>
    public bool AtDataDirectory { get; init; }

    /// <summary>What the back-end or the operating system said, without a trailing period; null when nothing.</summary>
    public string? Detail { get; init; }

    /// <summary>For <see cref="StoreFailure.Locked"/>: how long this process waited for the other writer.</summary>
    public TimeSpan? LockTimeout { get; init; }

    /// <summary>The database's schema version, when it is the problem (<see cref="StoreFailure.SchemaTooNew"/>, or a read-only database too old to read).</summary>
    public int? SchemaVersion { get; init; }

    /// <summary>The schema version this binary writes, beside <see cref="SchemaVersion"/>.</summary>
    public int? SupportedSchemaVersion { get; init; }

    /// <summary>For <see cref="StoreFailure.DiskFull"/>: a quota, not the file system, is full.</summary>
    public bool QuotaExceeded { get; init; }

    /// <summary>For <see cref="StoreFailure.Missing"/>: the data directory does not exist either.</summary>
    public bool DirectoryMissing { get; init; }

    /// <summary>For <see cref="StoreFailure.Corrupt"/>: the file is intact but another program's (<see cref="Detail"/> says how it tells).</summary>
    public bool Foreign { get; init; }
}

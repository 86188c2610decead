using Microsoft.Data.Sqlite;

namespace Warden.Storage.Sqlite;

/// <summary>Turns SQLite result codes the user can act on into <see cref="StoreException"/>s that name the file and the fix.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CannotOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>The user-facing exception for <paramref name="ex"/>, or null when it is a bug (constraint, SQL error).</summary>
    public static StoreException? Translate(SqliteException ex, SqliteStoreOptions options)
    {
        var path = options.DatabasePath;
        // Extended result codes carry the primary code in their low byte.
        return (ex.SqliteErrorCode & 0xFF) switch
        {
            Busy or Locked => new StoreException(
                StoreFailure.Locked,
                $"{path}: the database is locked by another process and stayed locked for {options.LockTimeout.TotalSeconds:0.#} s; " +
                "nothing was written. Retry when the other warden command has finished, or raise --lock-timeout.",
                ex),
            ReadOnly => new StoreException(
                StoreFailure.ReadOnly,
                $"{path}: the database is read-only ({ex.Message.TrimEnd('.')}); nothing was written. " +
                "Make the file and its directory writable, or point --data-dir (or WARDEN_DATA_DIR) at a writable directory.",
                ex),
            Full => new StoreException(
                StoreFailure.DiskFull,
                $"{path}: the disk is full; nothing was written. Free space on that file system, or move the data directory with --data-dir.",
                ex),
            Corrupt or NotADatabase => new StoreException(
                StoreFailure.Corrupt,
                $"{path}: not a Warden database or damaged ({ex.Message.TrimEnd('.')}). Move the file away (keep it for inspection) or point --data-dir elsewhere.",
                ex),
            CannotOpen or IoError => new StoreException(
                StoreFailure.CannotOpen,
                $"{path}: cannot open or write the database ({ex.Message.TrimEnd('.')}). Check that the directory exists and is writable, or point --data-dir elsewhere.",
                ex),
            _ => null,
        };
    }
}

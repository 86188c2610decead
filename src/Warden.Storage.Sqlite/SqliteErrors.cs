using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Warden.Storage.Sqlite;

/// <summary>Turns SQLite result codes the user can act on into <see cref="StoreException"/>s with a code and the facts behind it (never the CLI's fix).</summary>
internal static class SqliteErrors
{
    /// <summary>Linux errno for "no space left on device".</summary>
    public const int NoSpace = 28;

    /// <summary>Linux errno for "disk quota exceeded".</summary>
    public const int QuotaExceeded = 122;

    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CannotOpen = 14;
    private const int NotADatabase = 26;

    /// <summary>
    /// The user-facing exception for <paramref name="ex"/>, or null when it is a bug (constraint, SQL
    /// error). <paramref name="systemErrno"/> is the OS error behind the failure
    /// (<see cref="SystemErrno"/>): SQLite reports a failed write of the WAL index or journal on a
    /// full disk as a generic I/O error, and only the errno says the disk is full.
    /// </summary>
    public static StoreException? Translate(SqliteException ex, SqliteStoreOptions options, int systemErrno = 0)
    {
        var path = options.DatabasePath;
        var primary = ex.SqliteErrorCode & 0xFF;
        if (primary == IoError && systemErrno is NoSpace or QuotaExceeded)
        {
            primary = Full;
        }

        // The message says what happened; the fix (which option to change) is the caller's to word.
        var detail = ex.Message.TrimEnd('.');
        // Extended result codes carry the primary code in their low byte.
        return primary switch
        {
            Busy or Locked => new StoreException(
                StoreFailure.Locked,
                path,
                $"{path}: the database is locked by another process and stayed locked for {options.LockTimeout.TotalSeconds:0.#} s; nothing was written.",
                ex)
            {
                Detail = detail,
                LockTimeout = options.LockTimeout,
            },
            ReadOnly => new StoreException(StoreFailure.ReadOnly, path, $"{path}: the database is read-only ({detail}); nothing was written.", ex)
            {
                Detail = detail,
            },
            Full => new StoreException(
                StoreFailure.DiskFull,
                path,
                $"{path}: the disk is full{(systemErrno == QuotaExceeded ? " (disk quota exceeded)" : string.Empty)} ({detail}); nothing was written.",
                ex)
            {
                Detail = detail,
                QuotaExceeded = systemErrno == QuotaExceeded,
            },
            Corrupt or NotADatabase => new StoreException(StoreFailure.Corrupt, path, $"{path}: not a Warden database or damaged ({detail}).", ex)
            {
                Detail = detail,
            },
            CannotOpen or IoError => new StoreException(StoreFailure.CannotOpen, path, $"{path}: cannot open or write the database ({detail}).", ex)
            {
                Detail = detail,
            },
            _ => null,
        };
    }

    /// <summary>The OS errno of the connection's last failed call (0 when none or unknown).</summary>
    public static int SystemErrno(SqliteConnection connection)
    {
        try
        {
            return connection.Handle is { } db ? NativeSystemErrno(db.DangerousGetHandle()) : 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another SQLite build without sqlite3_system_errno: keep SQLite's own code.
            return 0;
        }
    }

    // SQLitePCLRaw does not wrap sqlite3_system_errno; the bundled e_sqlite3 library exports it.
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_system_errno")]
    private static extern int NativeSystemErrno(IntPtr db);
}

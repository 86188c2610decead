using Microsoft.Data.Sqlite;
using Warden.Storage;
using Warden.Storage.Sqlite;

namespace Warden.Storage.Sqlite.Tests;

/// <summary>The narrow seam of the full-disk mapping: SQLite's result code plus the OS errno behind it.</summary>
public sealed class SqliteErrorsTests
{
    private static readonly SqliteStoreOptions Options = new() { DataDirectory = "/srv/warden/.warden" };

    [Theory]
    // SQLITE_IOERR_SHMSIZE (10 | 19 << 8) and SQLITE_IOERR_WRITE (10 | 3 << 8) with ENOSPC / EDQUOT: disk full.
    [InlineData(10 | (19 << 8), 28, "DiskFull")]
    [InlineData(10 | (3 << 8), 28, "DiskFull")]
    [InlineData(10 | (3 << 8), 122, "DiskFull")]
    // SQLITE_FULL needs no errno.
    [InlineData(13, 0, "DiskFull")]
    // An I/O error with another cause (EIO 5, or errno unknown) stays a generic open/write failure.
    [InlineData(10 | (3 << 8), 5, "CannotOpen")]
    [InlineData(10, 0, "CannotOpen")]
    public void Translate_IoErrorByErrno_MapsFullDiskOnly(int code, int errno, string expected)
    {
        var ex = SqliteErrors.Translate(new SqliteException("SQLite Error 10: 'disk I/O error'.", code, code), Options, errno);

        Assert.NotNull(ex);
        Assert.Equal(expected, ex.Failure.ToString());
        Assert.StartsWith("/srv/warden/.warden/warden.db: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_QuotaExceeded_SaysSoAndHowToFix()
    {
        var ex = SqliteErrors.Translate(new SqliteException("SQLite Error 10: 'disk I/O error'.", 10, 10 | (3 << 8)), Options, 122)!;

        Assert.Equal(
            "/srv/warden/.warden/warden.db: the disk is full (disk quota exceeded) (SQLite Error 10: 'disk I/O error'); nothing was written. " +
            "Free space on that file system (SQLite needs room for its -wal and -shm files even to read), or move the data directory with --data-dir.",
            ex.Message);
    }
}

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
    public void Translate_QuotaExceeded_SaysSoWithoutNamingAnOption()
    {
        var ex = SqliteErrors.Translate(new SqliteException("SQLite Error 10: 'disk I/O error'.", 10, 10 | (3 << 8)), Options, 122)!;

        Assert.Equal(StoreFailure.DiskFull, ex.Failure);
        Assert.True(ex.QuotaExceeded);
        Assert.Equal("/srv/warden/.warden/warden.db", ex.Path);
        Assert.Equal("SQLite Error 10: 'disk I/O error'", ex.Detail);
        Assert.Equal(
            "/srv/warden/.warden/warden.db: the disk is full (disk quota exceeded) (SQLite Error 10: 'disk I/O error'); nothing was written.",
            ex.Message);
    }

    [Fact]
    public void Translate_EveryFailure_NamesNoCommandLineOption()
    {
        // The fix (--lock-timeout, --data-dir, WARDEN_DATA_DIR) is worded by the CLI from the exception's fields.
        foreach (var code in new[] { 5, 6, 8, 10, 11, 13, 14, 26 })
        {
            var ex = SqliteErrors.Translate(new SqliteException("SQLite Error.", code, code), Options, 0)!;

            Assert.DoesNotContain("--", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("WARDEN_DATA_DIR", ex.Message, StringComparison.Ordinal);
        }
    }
}

using Warden.Cli;
using Warden.Storage;

namespace Warden.Tests.Cli;

/// <summary>
/// The CLI words every storage refusal from the exception's code and fields, naming the option
/// that fixes it; the texts are the ones the store used to carry, unchanged.
/// </summary>
public sealed class StoreErrorTextTests
{
    private const string Db = "/srv/warden/.warden/warden.db";

    public static TheoryData<string, string> Cases => new()
    {
        {
            "locked",
            Db + ": the database is locked by another process and stayed locked for 0.2 s; nothing was written. Retry when the other warden command has finished, or raise --lock-timeout."
        },
        {
            "read-only",
            Db + ": the database is read-only (SQLite Error 8: 'attempt to write a readonly database'); nothing was written. " +
            "Make the file and its directory writable, or point --data-dir (or WARDEN_DATA_DIR) at a writable directory."
        },
        {
            "read-only-old",
            Db + ": the database has schema version 3, older than this warden's 4, and cannot be upgraded because it is read-only. " +
            "Make it writable once and run any warden command on it, or read it with the warden that wrote it."
        },
        {
            "quota",
            Db + ": the disk is full (disk quota exceeded) (SQLite Error 10: 'disk I/O error'); nothing was written. " +
            "Free space on that file system (SQLite needs room for its -wal and -shm files even to read), or move the data directory with --data-dir."
        },
        {
            "too-new",
            Db + ": the database has schema version 99, newer than this warden knows (4); it was written by a newer Warden. Upgrade warden, or point --data-dir elsewhere. Nothing was changed."
        },
        {
            "foreign",
            Db + ": this SQLite file was not created by Warden (application_id 0, 1 schema objects). Move it away or point --data-dir elsewhere; Warden will not change it."
        },
        {
            "corrupt",
            Db + ": not a Warden database or damaged (SQLite Error 26: 'file is not a database'). Move the file away (keep it for inspection) or point --data-dir elsewhere."
        },
        {
            "no-directory",
            "/srv/warden/.warden: cannot create the data directory (Not a directory). Point --data-dir (or WARDEN_DATA_DIR) at a writable directory."
        },
        {
            "cannot-open",
            Db + ": cannot open or write the database (SQLite Error 14: 'unable to open database file'). Check that the directory exists and is writable, or point --data-dir elsewhere."
        },
        {
            "missing",
            Db + ": no Warden database here (the directory does not exist either). Check --data-dir (or WARDEN_DATA_DIR); this command reads an existing store and never creates one."
        },
        {
            "empty",
            Db + ": the database is empty (the file is 0 bytes): no Warden schema, no audit log. It was truncated or wiped, or is not Warden's; restore it from a backup. This command does not create a store."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Describe_EachFailure_WordsTheFixWithTheOptionToChange(string name, string expected)
    {
        Assert.Equal(expected, StoreErrorText.Describe(Failure(name)));
    }

    private static StoreException Failure(string name) => name switch
    {
        "locked" => new(StoreFailure.Locked, Db, "locked") { LockTimeout = TimeSpan.FromSeconds(0.2) },
        "read-only" => new(StoreFailure.ReadOnly, Db, "read-only") { Detail = "SQLite Error 8: 'attempt to write a readonly database'" },
        "read-only-old" => new(StoreFailure.ReadOnly, Db, "read-only") { SchemaVersion = 3, SupportedSchemaVersion = 4 },
        "quota" => new(StoreFailure.DiskFull, Db, "full") { QuotaExceeded = true, Detail = "SQLite Error 10: 'disk I/O error'" },
        "too-new" => new(StoreFailure.SchemaTooNew, Db, "new") { SchemaVersion = 99, SupportedSchemaVersion = 4 },
        "foreign" => new(StoreFailure.Corrupt, Db, "foreign") { Foreign = true, Detail = "application_id 0, 1 schema objects" },
        "corrupt" => new(StoreFailure.Corrupt, Db, "corrupt") { Detail = "SQLite Error 26: 'file is not a database'" },
        "no-directory" => new(StoreFailure.CannotOpen, "/srv/warden/.warden", "dir") { AtDataDirectory = true, Detail = "Not a directory" },
        "cannot-open" => new(StoreFailure.CannotOpen, Db, "open") { Detail = "SQLite Error 14: 'unable to open database file'" },
        "missing" => new(StoreFailure.Missing, Db, "missing") { DirectoryMissing = true },
        "empty" => new(StoreFailure.Empty, Db, "empty") { Detail = "the file is 0 bytes" },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}

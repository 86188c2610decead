using System.Globalization;
using Warden.Storage;
using Warden.Storage.Postgres;

namespace Warden.Cli;

/// <summary>
/// Words a <see cref="StoreException"/> for the command line: what happened (from the exception's
/// code and fields) and the option that fixes it (<c>--lock-timeout</c>, <c>--data-dir</c> or
/// <c>WARDEN_DATA_DIR</c>). The store states facts; only the CLI knows its options.
/// </summary>
internal static class StoreErrorText
{
    private const string DataDirOption = "--data-dir";

    /// <summary>The one-paragraph message the CLI prints after <c>error: </c>.</summary>
    public static string Describe(StoreException ex)
    {
        var path = ex.Path;
        var env = DataDirectory.EnvironmentVariable;
        if (path is not null && PostgresStoreUrl.IsPostgresUrl(path))
        {
            return Postgres(ex);
        }

        return ex.Failure switch
        {
            StoreFailure.Locked => string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: the database is locked by another process and stayed locked for {(ex.LockTimeout ?? TimeSpan.Zero).TotalSeconds:0.#} s; nothing was written. Retry when the other warden command has finished, or raise --lock-timeout."),
            StoreFailure.ReadOnly when ex.SchemaVersion is { } older =>
                $"{path}: the database has schema version {older}, older than this warden's {ex.SupportedSchemaVersion}, and cannot be upgraded because it is read-only. " +
                "Make it writable once and run any warden command on it, or read it with the warden that wrote it.",
            StoreFailure.ReadOnly =>
                $"{path}: the database is read-only ({ex.Detail}); nothing was written. " +
                $"Make the file and its directory writable, or point {DataDirOption} (or {env}) at a writable directory.",
            StoreFailure.DiskFull =>
                $"{path}: the disk is full{(ex.QuotaExceeded ? " (disk quota exceeded)" : string.Empty)} ({ex.Detail}); nothing was written. " +
                $"Free space on that file system (SQLite needs room for its -wal and -shm files even to read), or move the data directory with {DataDirOption}.",
            StoreFailure.SchemaTooNew =>
                $"{path}: the database has schema version {ex.SchemaVersion}, newer than this warden knows ({ex.SupportedSchemaVersion}); it was written by a newer Warden. " +
                $"Upgrade warden, or point {DataDirOption} elsewhere. Nothing was changed.",
            StoreFailure.Corrupt when ex.Foreign =>
                $"{path}: this SQLite file was not created by Warden ({ex.Detail}). Move it away or point {DataDirOption} elsewhere; Warden will not change it.",
            StoreFailure.Corrupt =>
                $"{path}: not a Warden database or damaged ({ex.Detail}). Move the file away (keep it for inspection) or point {DataDirOption} elsewhere.",
            StoreFailure.CannotOpen when ex.AtDataDirectory =>
                $"{path}: cannot create the data directory ({ex.Detail}). Point {DataDirOption} (or {env}) at a writable directory.",
            StoreFailure.CannotOpen =>
                $"{path}: cannot open or write the database ({ex.Detail}). Check that the directory exists and is writable, or point {DataDirOption} elsewhere.",
            StoreFailure.Missing =>
                $"{path}: no Warden database here{(ex.DirectoryMissing ? " (the directory does not exist either)" : string.Empty)}. " +
                $"Check {DataDirOption} (or {env}); this command reads an existing store and never creates one.",
            StoreFailure.Empty =>
                $"{path}: the database is empty ({ex.Detail}): no Warden schema, no audit log. It was truncated or wiped, or is not Warden's; " +
                "restore it from a backup. This command does not create a store.",
            _ => ex.Message,
        };
    }

    // The PostgreSQL store's messages already say what happened on the server; the CLI adds the fix.
    private static string Postgres(StoreException ex) => ex.Failure switch
    {
        StoreFailure.Locked => $"{ex.Message} Retry when the other warden command has finished, or raise --lock-timeout.",
        StoreFailure.SchemaTooNew => $"{ex.Message.TrimEnd('.')}. Upgrade warden, or point --store (or {StoreAddress.EnvironmentVariable}) elsewhere. Nothing was changed.",
        StoreFailure.Missing or StoreFailure.Empty => $"{ex.Message} Check --store (or {StoreAddress.EnvironmentVariable}); this command reads an existing store and never creates one.",
        StoreFailure.CannotOpen => $"{ex.Message} Check --store (or {StoreAddress.EnvironmentVariable}, or store: in warden.yaml) and that the server is up; the password comes from PGPASSWORD or the file in {PostgresStoreUrl.PasswordFileVariable}.",
        _ => ex.Message,
    };
}

using System.Net.Sockets;
using Npgsql;

namespace Warden.Storage.Postgres;

/// <summary>
/// Turns what Npgsql and the server say into <see cref="StoreException"/>s with a code and the facts
/// behind it (never the CLI's fix), as <c>SqliteErrors</c> does for SQLite result codes. A
/// constraint violation or an SQL error is a bug and stays what it is (null).
/// </summary>
internal static class PostgresErrors
{
    /// <summary>The user-facing exception for <paramref name="ex"/>, or null when it is a bug.</summary>
    /// <param name="ex">What Npgsql threw.</param>
    /// <param name="options">The store's options (location, lock timeout, host and port for messages).</param>
    /// <param name="opening">True while the store is being opened: a missing database is then a store that cannot be opened.</param>
    public static StoreException? Translate(NpgsqlException ex, PostgresStoreOptions options, bool opening = false)
    {
        var location = options.Location;
        if (ex is PostgresException pg)
        {
            var detail = pg.MessageText.TrimEnd('.');
            return pg.SqlState switch
            {
                PostgresErrorCodes.LockNotAvailable => new StoreException(
                    StoreFailure.Locked,
                    location,
                    $"{location}: the store is locked by another process and stayed locked for {options.LockTimeout.TotalSeconds:0.#} s; nothing was written.",
                    ex)
                {
                    Detail = detail,
                    LockTimeout = options.LockTimeout,
                },
                PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.InsufficientPrivilege => new StoreException(
                    StoreFailure.ReadOnly,
                    location,
                    $"{location}: the store is read-only for this connection ({detail}); nothing was written.",
                    ex)
                {
                    Detail = detail,
                },
                PostgresErrorCodes.DiskFull => new StoreException(StoreFailure.DiskFull, location, $"{location}: the server's disk is full ({detail}); nothing was written.", ex)
                {
                    Detail = detail,
                },
                PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted => new StoreException(
                    StoreFailure.Corrupt, location, $"{location}: the server reports damaged data ({detail}).", ex)
                {
                    Detail = detail,
                },
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => new StoreException(
                    StoreFailure.CannotOpen,
                    location,
                    $"{location}: the server refused the login of user '{UserOf(options)}' ({detail}); the password was wrong or missing, or the server's pg_hba.conf does not let this user in from here.",
                    ex)
                {
                    Detail = detail,
                },
                PostgresErrorCodes.InvalidCatalogName when !opening => Missing(options, detail, ex),
                PostgresErrorCodes.InvalidCatalogName => new StoreException(
                    StoreFailure.CannotOpen,
                    location,
                    $"{location}: the database does not exist on the server ({detail}); Warden creates its schema in an existing database but never the database itself.",
                    ex)
                {
                    Detail = detail,
                },
                PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
                    or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.ConnectionFailure => new StoreException(
                        StoreFailure.CannotOpen, location, $"{location}: the server cannot serve this connection ({detail}).", ex)
                    {
                        Detail = detail,
                    },
                _ when pg.SqlState.StartsWith("08", StringComparison.Ordinal) => new StoreException(
                    StoreFailure.CannotOpen, location, $"{location}: the connection to the server failed ({detail}).", ex)
                {
                    Detail = detail,
                },
                _ => null,
            };
        }

        // Not the server's answer: the connection itself (refused, unknown host, lost, timed out).
        var endpoint = EndpointOf(options);
        if (Find<SocketException>(ex) is { } socket)
        {
            var detail = socket.Message.TrimEnd('.');
            var hint = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "; is PostgreSQL running and listening on that address and port?",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "; is the host name right?",
                SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable => "; is the host reachable from here?",
                _ => string.Empty,
            };
            return new StoreException(StoreFailure.CannotOpen, location, $"{location}: cannot connect to the PostgreSQL server at {endpoint} ({detail}){hint}", ex)
            {
                Detail = detail,
            };
        }

        if (Find<TimeoutException>(ex) is not null || Find<IOException>(ex) is not null || ex.IsTransient)
        {
            var detail = ex.Message.TrimEnd('.');
            return new StoreException(StoreFailure.CannotOpen, location, $"{location}: the connection to the PostgreSQL server at {endpoint} failed ({detail}).", ex)
            {
                Detail = detail,
            };
        }

        return null;
    }

    /// <summary>The store a command that only uses an existing one did not find.</summary>
    public static StoreException Missing(PostgresStoreOptions options, string detail, Exception? inner = null) => new(
        StoreFailure.Missing,
        options.Location,
        $"{options.Location}: no Warden store here ({detail}); a store that must exist is never created.",
        inner)
    {
        Detail = detail,
    };

    private static string EndpointOf(PostgresStoreOptions options)
    {
        var b = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"{b.Host}:{b.Port}";
    }

    private static string? UserOf(PostgresStoreOptions options) => new NpgsqlConnectionStringBuilder(options.ConnectionString).Username;

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}

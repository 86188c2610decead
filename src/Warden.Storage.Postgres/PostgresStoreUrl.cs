using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Npgsql;

namespace Warden.Storage.Postgres;

/// <summary>
/// A user-facing store URL, <c>postgres://USER@HOST:PORT/DATABASE?sslmode=require</c> (also
/// <c>postgresql://</c>), turned into an Npgsql connection string.
/// <para>
/// The password is taken from, in order: the URL itself (<c>postgres://USER:PASSWORD@...</c>,
/// percent-encoded; works, but a URL ends up in shell history and process lists), the file named
/// by <c>WARDEN_STORE_PASSWORD_FILE</c> (its content, one trailing line break removed: the form a
/// mounted secret has), then <c>PGPASSWORD</c>. With none of them Npgsql still looks in the
/// password file libpq uses (<c>PGPASSFILE</c>, else <c>~/.pgpass</c>). The password is kept in
/// <see cref="ConnectionString"/> only: <see cref="Location"/>, <see cref="ToString"/> and every
/// message show the URL without it.
/// </para>
/// Query parameters: <c>sslmode</c> (disable, allow, prefer, require, verify-ca, verify-full),
/// <c>connect_timeout</c> (seconds), <c>application_name</c>, and <c>schema</c> (Warden's own: the
/// schema its tables live in, default <c>warden</c>).
/// </summary>
internal sealed class PostgresStoreUrl
{
    /// <summary>Environment variable naming a file whose content is the password.</summary>
    public const string PasswordFileVariable = "WARDEN_STORE_PASSWORD_FILE";

    /// <summary>libpq's password variable, honoured the same way.</summary>
    public const string PasswordVariable = "PGPASSWORD";

    private const int DefaultPort = 5432;
    private const string Example = "postgres://USER@HOST:5432/DATABASE";

    private static readonly string[] Parameters = ["sslmode", "connect_timeout", "application_name", "schema"];

    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.Ordinal)
    {
        ["disable"] = SslMode.Disable,
        ["allow"] = SslMode.Allow,
        ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require,
        ["verify-ca"] = SslMode.VerifyCA,
        ["verify-full"] = SslMode.VerifyFull,
    };

    private PostgresStoreUrl(string connectionString, string location, string schema, PasswordSource passwordFrom)
    {
        ConnectionString = connectionString;
        Location = location;
        Schema = schema;
        PasswordFrom = passwordFrom;
    }

    /// <summary>Where the password came from.</summary>
    public enum PasswordSource
    {
        /// <summary>Nowhere Warden looked (Npgsql may still find one in the libpq password file, or the server may not ask).</summary>
        None,

        /// <summary>The URL's user-info.</summary>
        Url,

        /// <summary>The file named by <see cref="PasswordFileVariable"/>.</summary>
        File,

        /// <summary>The <see cref="PasswordVariable"/> environment variable.</summary>
        Environment,
    }

    /// <summary>The Npgsql connection string, password included when one was found: never print it.</summary>
    public string ConnectionString { get; }

    /// <summary>The URL without the password (and without query parameters but <c>schema</c>): <c>postgres://warden@127.0.0.1:15432/warden</c>.</summary>
    public string Location { get; }

    /// <summary>The schema Warden's tables live in.</summary>
    public string Schema { get; }

    /// <summary>Where the password came from.</summary>
    public PasswordSource PasswordFrom { get; }

    /// <summary>True when <paramref name="store"/> is written as a PostgreSQL URL (scheme <c>postgres</c> or <c>postgresql</c>), valid or not.</summary>
    public static bool IsPostgresUrl(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="url"/>; throws <see cref="FormatException"/> naming every problem (the password never in it).</summary>
    public static PostgresStoreUrl Parse(string url, Func<string, string?>? environment = null)
    {
        if (TryParse(url, environment ?? Environment.GetEnvironmentVariable, out var parsed, out var problems))
        {
            return parsed;
        }

        var shown = Redact(url);
        throw new FormatException(problems.Count == 1
            ? $"store URL '{shown}': {problems[0]}"
            : $"store URL '{shown}' has {problems.Count} problems:{string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"))}");
    }

    /// <summary>Parses <paramref name="url"/>, collecting every problem (each names the part and the fix, never the password).</summary>
    public static bool TryParse(string url, Func<string, string?> environment, [NotNullWhen(true)] out PostgresStoreUrl? parsed, out IReadOnlyList<string> problems)
    {
        parsed = null;
        var found = new List<string>();
        problems = found;
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            found.Add($"it is not a URL; write {Example}");
            return false;
        }

        var scheme = url[..separator];
        if (!scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            found.Add($"the scheme '{scheme}' is not postgres:// or postgresql://; write {Example}");
            return false;
        }

        // The user-info ends at the last '@': a password with an unescaped '/', '?', '#' or ':' then
        // still never spills into the host, port or path, whose text the messages repeat.
        var rest = url[(separator + 3)..];
        var at = rest.LastIndexOf('@');
        string? user = null;
        string? password = null;
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Unescape(colon < 0 ? userInfo : userInfo[..colon], "user", found);
            password = colon < 0 ? null : Unescape(userInfo[(colon + 1)..], "password", found);
            rest = rest[(at + 1)..];
        }

        if (rest.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0)
        {
            found.Add("a URL fragment ('#...') means nothing here; remove it");
            rest = rest[..hash];
        }

        var query = string.Empty;
        if (rest.IndexOf('?', StringComparison.Ordinal) is var question and >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var database = slash < 0 ? string.Empty : Unescape(rest[(slash + 1)..], "database", found);
        var (host, port) = HostAndPort(slash < 0 ? rest : rest[..slash], found);
        if (string.IsNullOrEmpty(user))
        {
            found.Add($"no user; write it before the host: {Example}");
        }

        if (host.Length == 0)
        {
            found.Add($"no host; write it after the user: {Example}");
        }

        if (database.Length == 0)
        {
            found.Add($"no database; write it after the host and port: {Example}");
        }
        else if (database.Contains('/', StringComparison.Ordinal))
        {
            found.Add($"the database '{database}' contains '/'; the path is one database name: {Example}");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = user,
            Database = database,
        };
        var schema = PostgresStoreOptions.DefaultSchema;
        ReadQuery(query, builder, ref schema, found);
        var source = PasswordSource.None;
        if (password is not null)
        {
            source = PasswordSource.Url;
        }
        else if (environment(PasswordFileVariable) is { Length: > 0 } file)
        {
            password = ReadPasswordFile(file, found);
            source = PasswordSource.File;
        }
        else if (environment(PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            password = fromEnvironment;
            source = PasswordSource.Environment;
        }

        if (found.Count > 0)
        {
            return false;
        }

        builder.Password = password;
        var location = Format(user, host, port, database);
        parsed = new PostgresStoreUrl(
            builder.ConnectionString,
            schema == PostgresStoreOptions.DefaultSchema ? location : $"{location}?schema={schema}",
            schema,
            source);
        return true;
    }

    /// <summary>The options of a store at this URL; the rest (clock, lock timeout) as given.</summary>
    public PostgresStoreOptions ToOptions() => new() { ConnectionString = ConnectionString, Schema = Schema };

    /// <summary>The URL without its password.</summary>
    public override string ToString() => Location;

    /// <summary>The URL a person reads: <c>postgres://USER@HOST:PORT/DATABASE</c>, never a password.</summary>
    internal static string Format(string? user, string? host, int port, string? database)
    {
        var shownHost = host is not null && host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        var userPart = string.IsNullOrEmpty(user) ? string.Empty : Uri.EscapeDataString(user) + "@";
        return $"postgres://{userPart}{shownHost}:{port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(database ?? string.Empty)}";
    }

    /// <summary><paramref name="url"/> with the password of its user-info (if any) removed, for messages about a URL that may not parse.</summary>
    internal static string Redact(string url)
    {
        // The password starts at the first ':' before the first '@' (a user name has neither
        // unescaped) and runs to the last '@' (a password may hold an unescaped '@'). From a URL with
        // an '@' further on this takes more than the password, but never leaves any of it.
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var start = separator < 0 ? 0 : separator + 3;
        var first = url.IndexOf('@', start);
        if (first < 0)
        {
            return url;
        }

        var colon = url.IndexOf(':', start, first - start);
        var at = url.LastIndexOf('@');
        return colon < 0 ? url : url[..colon] + url[at..];
    }

    private static (string Host, int Port) HostAndPort(string text, List<string> found)
    {
        string host;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                found.Add($"the IPv6 host '{text}' has no closing ']'; write it as [::1]");
                return (text, DefaultPort);
            }

            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    found.Add($"'{after}' after the host [{host}] is not ':PORT'");
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
        }

        if (portText is null)
        {
            return (host, DefaultPort);
        }

        if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return (host, port);
        }

        found.Add($"the port '{portText}' is not a number from 1 to 65535; write e.g. :{DefaultPort} after the host, or leave it out for {DefaultPort}");
        return (host, DefaultPort);
    }

    private static void ReadQuery(string query, NpgsqlConnectionStringBuilder builder, ref string schema, List<string> found)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals], "parameter name", found);
            var value = equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..], $"parameter '{name}'", found);
            switch (name)
            {
                case "sslmode" when SslModes.TryGetValue(value, out var mode):
                    builder.SslMode = mode;
                    break;
                case "sslmode":
                    found.Add($"sslmode '{value}' is not one of {string.Join(", ", SslModes.Keys)}");
                    break;
                case "connect_timeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 1024:
                    builder.Timeout = seconds;
                    break;
                case "connect_timeout":
                    found.Add($"connect_timeout '{value}' is not a whole number of seconds from 0 to 1024");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "schema" when PostgresStoreOptions.SchemaProblem(value) is { } problem:
                    found.Add(problem);
                    break;
                case "schema":
                    schema = value;
                    break;
                default:
                    found.Add($"the query parameter '{name}' is not one Warden reads; use {string.Join(", ", Parameters)}");
                    break;
            }
        }
    }

    private static string ReadPasswordFile(string path, List<string> found)
    {
        try
        {
            var text = File.ReadAllText(path);
            // One trailing line break is the file's, not the password's (echo, a mounted secret).
            text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
            if (text.Length == 0)
            {
                found.Add($"the password file '{path}' ({PasswordFileVariable}) is empty; write the password in it, or unset {PasswordFileVariable}");
            }

            return text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            found.Add($"the password file '{path}' ({PasswordFileVariable}) cannot be read ({ex.Message.TrimEnd('.')}); point {PasswordFileVariable} at a readable file, or unset it");
            return string.Empty;
        }
    }

    private static string Unescape(string text, string part, List<string> found)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            found.Add($"the {part} is not valid percent-encoding; write a literal '%' as %25");
            return text;
        }
    }
}

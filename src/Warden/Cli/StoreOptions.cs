using System.CommandLine;
using Warden.Audit;
using Warden.Storage;
using Warden.Storage.Postgres;
using Warden.Storage.Sqlite;

namespace Warden.Cli;

/// <summary>
/// The options of every command that reads or writes Warden's state (registry, checkpoints,
/// audit log, recorded verdicts): which store (<c>--store</c>, else <c>WARDEN_STORE</c>, else
/// warden.yaml's <c>store:</c> for the commands that read it, else the SQLite file in the data
/// directory), how long to wait for another writer, and who is acting. Add them with
/// <see cref="AddTo"/>; open the store with <see cref="OpenAsync"/>.
/// </summary>
internal sealed class StoreOptions
{
    public Option<string?> Store { get; } = new("--store")
    {
        Description = $"Where Warden's state lives: sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE (password from PGPASSWORD or the file named by {PasswordFileVariable}; docs/scale-out.md). Default: ${StoreAddress.EnvironmentVariable}, else store: in warden.yaml (serve, cycle run --once, drill), else {DataDirectory.DatabaseFileName} in --data-dir.",
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = $"Warden's data directory, holding {DataDirectory.DatabaseFileName} (default: ${DataDirectory.EnvironmentVariable}, else ./{DataDirectory.Default}). Created if missing only by registry add, audit append, verdict, serve, cycle run --once and token create; every other command needs an existing one (missing: exit 2).",
    };

    public Option<double> LockTimeout { get; } = CreateLockTimeout();

    public Option<string?> Actor { get; } = new("--actor")
    {
        Description = $"Who is acting, as the audit log records it (default: ${AuditActor.EnvironmentVariable}, else user@host).",
    };

    /// <summary>The environment variable naming a file whose first line is the PostgreSQL password (below store.password_file in warden.yaml).</summary>
    public const string PasswordFileVariable = PostgresStoreUrl.PasswordFileVariable;

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(DataDir);
        command.Options.Add(LockTimeout);
        command.Options.Add(Actor);
    }

    /// <summary>
    /// Opens (creating and migrating if needed) the store the options name: for commands that record
    /// something new. <paramref name="configured"/> is warden.yaml's <c>store:</c> for the commands that read the file.
    /// </summary>
    public async ValueTask<IWardenStore> OpenAsync(ParseResult parse, CliEnvironment env, CancellationToken cancellationToken, StoreSettings? configured = null)
    {
        if (env.HostedStore is { } hosted)
        {
            return new Borrowed(hosted);
        }

        var (address, passwordFile) = Resolve(parse, env, configured);
        return await OpenAsync(address, passwordFile, existing: false, readOnly: false, TimeSpan.FromSeconds(parse.GetValue(LockTimeout)), env, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the store the options name only if it exists (a missing or 0-byte file, or a database
    /// with no Warden schema, is exit 2 naming it): for commands that read it (<paramref name="readOnly"/>:
    /// SQLite's read-only mode, so they work on a read-only file) or change what is already there.
    /// </summary>
    public async ValueTask<IWardenStore> OpenExistingAsync(ParseResult parse, CliEnvironment env, bool readOnly, CancellationToken cancellationToken, StoreSettings? configured = null)
    {
        if (env.HostedStore is { } hosted)
        {
            return new Borrowed(hosted);
        }

        var (address, passwordFile) = Resolve(parse, env, configured);
        return await OpenAsync(address, passwordFile, existing: true, readOnly, TimeSpan.FromSeconds(parse.GetValue(LockTimeout)), env, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the store at <paramref name="address"/>: creating and migrating it unless
    /// <paramref name="existing"/>, which refuses a store that is not there; <paramref name="readOnly"/>
    /// opens SQLite in its read-only mode (PostgreSQL reads in read-only transactions either way).
    /// </summary>
    public static async ValueTask<IWardenStore> OpenAsync(
        StoreAddress address, string? passwordFile, bool existing, bool readOnly, TimeSpan lockTimeout, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (address.Kind == StoreKind.Postgres)
        {
            return await OpenPostgresAsync(address, passwordFile, existing, readOnly, lockTimeout, env, cancellationToken).ConfigureAwait(false);
        }

        var options = new SqliteStoreOptions { DataDirectory = address.Text, LockTimeout = lockTimeout, Time = env.Time };
        return existing
            ? await SqliteStore.OpenExistingAsync(options, readOnly, cancellationToken).ConfigureAwait(false)
            : await SqliteStore.OpenAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The store these options name and where its PostgreSQL password file is, if any: <c>--store</c>,
    /// else <c>WARDEN_STORE</c>, else <paramref name="configured"/>, else the SQLite file in the data directory.
    /// </summary>
    /// <exception cref="UserInputException">The address is not one Warden knows (exit 2).</exception>
    public (StoreAddress Address, string? PasswordFile) Resolve(ParseResult parse, CliEnvironment env, StoreSettings? configured = null)
    {
        var passwordFile = env.Variable(PasswordFileVariable) is { Length: > 0 } fromEnv ? fromEnv : configured?.PasswordFile;
        if (parse.GetValue(Store) is { } option)
        {
            return (Parse(option, "--store"), passwordFile);
        }

        if (env.Variable(StoreAddress.EnvironmentVariable) is { Length: > 0 } variable)
        {
            return (Parse(variable, StoreAddress.EnvironmentVariable), passwordFile);
        }

        return configured?.Address is { } address
            ? (address, passwordFile)
            : (StoreAddress.Sqlite(DataDirectory.Resolve(parse.GetValue(DataDir))), passwordFile);
    }

    /// <summary>Reads a store address given as <paramref name="source"/> (an option or variable), or exit 2 naming it.</summary>
    public static StoreAddress Parse(string text, string source) =>
        StoreAddress.Parse(text, baseDirectory: null, out var problem) ?? throw new UserInputException($"{source}: {problem}.");

    private static async ValueTask<IWardenStore> OpenPostgresAsync(StoreAddress address, string? passwordFile, bool existing, bool readOnly, TimeSpan lockTimeout, CliEnvironment env, CancellationToken cancellationToken)
    {
        PostgresStoreUrl url;
        try
        {
            // store.password_file in warden.yaml stands in for WARDEN_STORE_PASSWORD_FILE when that is not set.
            url = PostgresStoreUrl.Parse(address.Text, name => name == PasswordFileVariable ? passwordFile : env.Variable(name));
        }
        catch (FormatException ex)
        {
            throw new UserInputException(ex.Message);
        }

        var options = url.ToOptions() with { LockTimeout = lockTimeout, Time = env.Time };
        return existing
            ? await PostgresStore.OpenExistingAsync(options, readOnly, cancellationToken).ConfigureAwait(false)
            : await PostgresStore.OpenAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The acting identity for audit events.</summary>
    public string ActorOf(ParseResult parse) => AuditActor.Resolve(parse.GetValue(Actor));

    /// <summary>A <c>--lock-timeout</c> option: seconds, 0.1 to 3600, default 10.</summary>
    internal static Option<double> CreateLockTimeout()
    {
        var option = new Option<double>("--lock-timeout")
        {
            Description = "Seconds to wait when another warden process holds the database's write lock.",
            DefaultValueFactory = _ => 10,
        };
        CommonOptions.Check(option, value => value is >= 0.1 and <= 3600 ? null : $"--lock-timeout must be between 0.1 and 3600 seconds; got {value}.");
        return option;
    }

    // The server's store lent to a command the API runs: the command's 'await using' must not close it.
    private sealed class Borrowed(IWardenStore store) : IWardenStore
    {
        public string Location => store.Location;

        public ValueTask<T> WriteAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default) =>
            store.WriteAsync(work, cancellationToken);

        public ValueTask<T> ReadAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default) =>
            store.ReadAsync(work, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

using System.CommandLine;
using Warden.Audit;
using Warden.Storage;
using Warden.Storage.Sqlite;

namespace Warden.Cli;

/// <summary>
/// The options of every command that reads or writes Warden's state (registry, checkpoints,
/// audit log, recorded verdicts): where the data directory is, how long to wait for another
/// writer, and who is acting. Add them with <see cref="AddTo"/>; open the store with <see cref="OpenAsync"/>.
/// </summary>
internal sealed class StoreOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = $"Warden's data directory, holding {DataDirectory.DatabaseFileName} (default: ${DataDirectory.EnvironmentVariable}, else ./{DataDirectory.Default}). Created if missing only by registry add, audit append, verdict, serve, cycle run --once and token create; every other command needs an existing one (missing: exit 2).",
    };

    public Option<double> LockTimeout { get; } = CreateLockTimeout();

    public Option<string?> Actor { get; } = new("--actor")
    {
        Description = $"Who is acting, as the audit log records it (default: ${AuditActor.EnvironmentVariable}, else user@host).",
    };

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(DataDir);
        command.Options.Add(LockTimeout);
        command.Options.Add(Actor);
    }

    /// <summary>Opens (creating and migrating if needed) the store the options name: for commands that record something new.</summary>
    public async ValueTask<IWardenStore> OpenAsync(ParseResult parse, CliEnvironment env, CancellationToken cancellationToken) =>
        env.HostedStore is { } hosted ? new Borrowed(hosted) : await SqliteStore.OpenAsync(Options(parse, env), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Opens the store the options name only if it exists (a missing or 0-byte file is exit 2 naming
    /// the path): for commands that read it (<paramref name="readOnly"/>: SQLite's read-only mode, so
    /// they work on a read-only file) or change what is already there.
    /// </summary>
    public async ValueTask<IWardenStore> OpenExistingAsync(ParseResult parse, CliEnvironment env, bool readOnly, CancellationToken cancellationToken) =>
        env.HostedStore is { } hosted ? new Borrowed(hosted) : await SqliteStore.OpenExistingAsync(Options(parse, env), readOnly, cancellationToken).ConfigureAwait(false);

    private SqliteStoreOptions Options(ParseResult parse, CliEnvironment env) => new()
    {
        DataDirectory = DataDirectory.Resolve(parse.GetValue(DataDir)),
        LockTimeout = TimeSpan.FromSeconds(parse.GetValue(LockTimeout)),
        Time = env.Time,
    };

    /// <summary>The acting identity for audit events.</summary>
    public string ActorOf(ParseResult parse) => AuditActor.Resolve(parse.GetValue(Actor));

    private static Option<double> CreateLockTimeout()
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

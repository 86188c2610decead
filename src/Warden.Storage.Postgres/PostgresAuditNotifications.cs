using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Warden.Storage.Postgres;

/// <summary>
/// Learns of appended audit events as they commit, from any process: LISTENs on the store's
/// channel (<see cref="PostgresStoreOptions.AuditChannel"/>, <c>warden_audit</c> by default) on a
/// connection of its own, and hands out the head sequence each write transaction notified. A
/// gateway replica reads the log after each to apply route changes at once, instead of polling.
/// </summary>
/// <remarks>
/// A lost connection is reopened after <c>retryDelay</c>, for as long as this object lives. On
/// every (re)connect the current head is handed out first (0 for an empty log), read after LISTEN
/// took effect: whatever committed while nobody listened is covered by it, so a reader that acts on
/// "the head is at least N" never misses an event. Heads arrive in commit order; a reader that
/// falls behind by more than <see cref="Capacity"/> loses the oldest ones, never the newest (each
/// head covers every one before it).
/// </remarks>
internal sealed partial class PostgresAuditNotifications : IAsyncDisposable
{
    /// <summary>How many heads wait for a slow reader before the oldest are dropped.</summary>
    public const int Capacity = 1024;

    private readonly PostgresStoreOptions _options;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger _logger;
    private readonly Channel<long> _heads = Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleWriter = true,
    });

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _processId;

    private PostgresAuditNotifications(PostgresStoreOptions options, TimeSpan retryDelay, ILogger logger)
    {
        _options = options;
        _retryDelay = retryDelay;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The head sequences, in commit order; completes when this object is disposed.</summary>
    public ChannelReader<long> Heads => _heads.Reader;

    /// <summary>The server process id of the listening connection, 0 while not connected (tests end it to check the reconnect).</summary>
    internal int ListenerProcessId => Volatile.Read(ref _processId);

    /// <summary>
    /// Starts listening on the store of <paramref name="options"/> (its connection string and schema;
    /// the retry waits on its <see cref="PostgresStoreOptions.Time"/>). Returns at once; the first
    /// head arrives when the connection is up.
    /// </summary>
    public static PostgresAuditNotifications Start(PostgresStoreOptions options, ILogger<PostgresAuditNotifications>? logger = null, TimeSpan? retryDelay = null)
    {
        if (PostgresStoreOptions.SchemaProblem(options.Schema) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        return new PostgresAuditNotifications(options, retryDelay ?? TimeSpan.FromSeconds(1), logger ?? (ILogger)NullLogger.Instance);
    }

    /// <summary>Every head as it is notified, until <paramref name="cancellationToken"/> or disposal.</summary>
    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken cancellationToken = default) => _heads.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Stops listening and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Any failure (server gone, connection cut, schema not there yet) is retried: this
                // loop lives as long as its owner does.
                Volatile.Write(ref _processId, 0);
                Log.ListenFailed(_logger, _options.Location, _options.AuditChannel, _retryDelay.TotalSeconds, ex.Message);
            }

            try
            {
                await Task.Delay(_retryDelay, _options.Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _heads.Writer.TryComplete();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var builder = _options.Connection(readOnly: false);
        // Its own connection, never pooled: it lives as long as the loop, idle but for notifications.
        // The keepalive finds a connection that died silently (a dropped network path) within seconds.
        builder.Pooling = false;
        builder.KeepAlive = 10;
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? "warden audit listener" : builder.ApplicationName;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            connection.Notification += (_, e) =>
            {
                if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var head))
                {
                    _heads.Writer.TryWrite(head);
                }
            };
            await connection.OpenAsync(stop).ConfigureAwait(false);
            // The channel name is the validated schema name plus "_audit": a plain identifier.
            await using (var listen = new NpgsqlCommand($"LISTEN {_options.AuditChannel}", connection))
            {
                await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
            }

            await using (var read = new NpgsqlCommand("SELECT coalesce((SELECT seq FROM audit_head WHERE id = 1), 0)", connection))
            {
                _heads.Writer.TryWrite((long)(await read.ExecuteScalarAsync(stop).ConfigureAwait(false))!);
            }

            Volatile.Write(ref _processId, connection.ProcessID);
            Log.Listening(_logger, _options.Location, _options.AuditChannel);
            while (true)
            {
                await connection.WaitAsync(stop).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.AuditListening, Level = LogLevel.Information, Message = "{Store}: listening for audit events on channel {Channel}")]
        public static partial void Listening(ILogger logger, string store, string channel);

        [LoggerMessage(EventId = EventIds.AuditListenFailed, Level = LogLevel.Warning, Message = "{Store}: listening on channel {Channel} failed, retrying in {RetrySeconds} s: {Problem}")]
        public static partial void ListenFailed(ILogger logger, string store, string channel, double retrySeconds, string problem);
    }
}

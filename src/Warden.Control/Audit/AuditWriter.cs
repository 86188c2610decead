using System.Threading.Channels;
using Warden.Storage;

namespace Warden.Audit;

/// <summary>
/// Group commit for the audit log of a long-running process (server, gateway, rollout
/// controllers): appends from many callers queue in a bounded channel, and one loop commits
/// whatever is waiting, up to <see cref="AuditWriterOptions.MaxBatch"/>, in ONE store transaction
/// — one fsync for the whole batch instead of one per event. A task completes only after its
/// batch committed, so an acknowledged event is durable; when the transaction fails, every task
/// of that batch faults with the error and none of its events is kept.
/// </summary>
internal sealed class AuditWriter : IAsyncDisposable
{
    private readonly IWardenStore _store;
    private readonly AuditWriterOptions _options;
    private readonly Channel<Pending> _queue;
    private readonly Lock _startGate = new();
    private Task? _loop;
    private long _batches;
    private long _committed;

    /// <summary>A writer over <paramref name="store"/>; call <see cref="Start"/> to begin committing.</summary>
    public AuditWriter(IWardenStore store, AuditWriterOptions? options = null)
    {
        _store = store;
        _options = options ?? new AuditWriterOptions();
        if (_options.MaxBatch < 1 || _options.Capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxBatch ({_options.MaxBatch}) and Capacity ({_options.Capacity}) must be at least 1.");
        }

        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(_options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Transactions committed so far (one per batch).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Events committed so far.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Starts the commit loop (once; later calls do nothing). Drafts queued before it are committed first.</summary>
    public void Start()
    {
        lock (_startGate)
        {
            // Task.Run: the loop starts on the thread pool, never inline on the caller's thread.
            _loop ??= Task.Run(RunAsync);
        }
    }

    /// <summary>Queues <paramref name="draft"/>; the task completes with the recorded event once its transaction committed.</summary>
    public async Task<AuditEvent> AppendAsync(AuditEventDraft draft, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(draft, new TaskCompletionSource<AuditEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The audit writer is shut down; the event was not recorded.");
        }

        return await pending.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking drafts, commits every queued one, and waits for the loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Start();
        await _loop!.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_options.MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await CommitAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        AuditEvent[] recorded;
        try
        {
            // No cancellation token: a batch, once taken from the queue, is committed or failed
            // as a whole; its callers' tokens only stop them from waiting for room in the queue.
            recorded = await _store.WriteAsync(async (tx, ct) =>
            {
                var events = new AuditEvent[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    events[i] = await tx.Audit.AppendAsync(batch[i].Draft, ct).ConfigureAwait(false);
                }

                return events;
            }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The transaction rolled back: none of these events exists, so every caller learns it failed.
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(ex);
            }

            return;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _committed, recorded.Length);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(recorded[i]);
        }
    }

    private sealed record Pending(AuditEventDraft Draft, TaskCompletionSource<AuditEvent> Done);
}

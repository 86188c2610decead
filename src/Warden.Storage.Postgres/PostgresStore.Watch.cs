namespace Warden.Storage.Postgres;

/// <summary>The PostgreSQL store's change feed: the audit notifications of every commit that appended events.</summary>
internal sealed partial class PostgresStore : IWatchableStore
{
    /// <inheritdoc />
    public IStoreChangeFeed WatchChanges() => new Feed(PostgresAuditNotifications.Start(_options));

    private sealed class Feed(PostgresAuditNotifications notifications) : IStoreChangeFeed
    {
        public async ValueTask WaitAsync(TimeSpan atMost, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(atMost);
            try
            {
                await notifications.Heads.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // atMost passed with no notification: the caller reads anyway.
            }

            // Several commits may have been announced; one read covers them all.
            while (notifications.Heads.TryRead(out _))
            {
            }
        }

        public ValueTask DisposeAsync() => notifications.DisposeAsync();
    }
}

namespace Warden.Storage;

/// <summary>
/// Tells a server that another process may have written to the store (PostgreSQL's
/// <c>LISTEN/NOTIFY</c> on every commit that appended audit events), so a follower reads at once
/// instead of at its next poll. A hint only: the store stays the truth, and a follower still polls
/// now and then in case a notification was lost with a connection.
/// </summary>
internal interface IStoreChangeFeed : IAsyncDisposable
{
    /// <summary>Completes when the store may have changed since the last call, or after <paramref name="atMost"/>.</summary>
    ValueTask WaitAsync(TimeSpan atMost, CancellationToken cancellationToken);
}

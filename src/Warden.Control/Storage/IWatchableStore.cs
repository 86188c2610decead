namespace Warden.Storage;

/// <summary>A store that can tell its readers of other processes' commits as they happen (<see cref="IStoreChangeFeed"/>).</summary>
internal interface IWatchableStore
{
    /// <summary>Starts listening; dispose the feed to stop.</summary>
    IStoreChangeFeed WatchChanges();
}

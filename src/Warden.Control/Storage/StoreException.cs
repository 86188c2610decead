namespace Warden.Storage;

/// <summary>
/// A storage problem the user can act on (lock held, read-only file, disk full, newer schema).
/// The message names the database and the fix; the CLI prints it and exits 2. Nothing was written.
/// </summary>
internal sealed class StoreException : Exception
{
    public StoreException(StoreFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    /// <summary>The kind of failure.</summary>
    public StoreFailure Failure { get; }
}

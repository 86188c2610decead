namespace Warden.Storage;

/// <summary>The <c>store:</c> section of warden.yaml: where the servers that read the file keep their state.</summary>
internal sealed record StoreSettings
{
    /// <summary>The store, or null when the file names none (the SQLite file in the data directory then).</summary>
    public StoreAddress? Address { get; init; }

    /// <summary>A file holding the PostgreSQL password (its first line), or null (then <c>PGPASSWORD</c>).</summary>
    public string? PasswordFile { get; init; }
}

namespace Warden.Storage;

/// <summary>Why the store refused or failed an operation.</summary>
internal enum StoreFailure
{
    /// <summary>Another process held the write lock longer than the lock timeout.</summary>
    Locked,

    /// <summary>The database file or its directory is not writable.</summary>
    ReadOnly,

    /// <summary>The disk (or a quota) is full.</summary>
    DiskFull,

    /// <summary>The database was written by a newer Warden with a schema this binary does not know.</summary>
    SchemaTooNew,

    /// <summary>The file is not a Warden database, or is damaged.</summary>
    Corrupt,

    /// <summary>The database could not be opened (missing directory, permissions, ...).</summary>
    CannotOpen,

    /// <summary>A command that only uses an existing store found no database file.</summary>
    Missing,

    /// <summary>The database file is empty (0 bytes) or holds no Warden schema: truncated, wiped, or never set up.</summary>
    Empty,
}

namespace Warden.Storage;

/// <summary>The back-ends Warden's state can live in.</summary>
internal enum StoreKind
{
    /// <summary>The embedded default: one SQLite file, <c>warden.db</c>, in a data directory.</summary>
    Sqlite,

    /// <summary>A shared PostgreSQL database, for several servers and gateway replicas.</summary>
    Postgres,
}

namespace Warden.Storage;

/// <summary>
/// Where Warden's state lives, as a user writes it in <c>--store</c>, <c>WARDEN_STORE</c> or
/// <c>store:</c> in warden.yaml: <c>sqlite:PATH</c> (a data directory, or the <c>warden.db</c> file
/// in one) or <c>postgres://USER@HOST:PORT/DATABASE</c> (also <c>postgresql://</c>). Only the scheme
/// is checked here; the PostgreSQL store reads the rest of its URL itself.
/// </summary>
internal sealed record StoreAddress
{
    /// <summary>The environment variable naming the store (below <c>--store</c>, above warden.yaml's <c>store:</c>).</summary>
    public const string EnvironmentVariable = "WARDEN_STORE";

    private StoreAddress(StoreKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    /// <summary>Which back-end.</summary>
    public StoreKind Kind { get; }

    /// <summary>For SQLite the absolute data directory; for PostgreSQL the URL as written.</summary>
    public string Text { get; }

    /// <summary>The SQLite store in <paramref name="dataDirectory"/>.</summary>
    public static StoreAddress Sqlite(string dataDirectory) => new(StoreKind.Sqlite, Path.GetFullPath(dataDirectory));

    /// <summary>
    /// Reads <paramref name="text"/>; on failure returns null and sets <paramref name="problem"/> to
    /// what is wrong and how to write it (without echoing a password the text may hold).
    /// A relative SQLite path resolves against <paramref name="baseDirectory"/> (warden.yaml's
    /// folder) or, when null, the current directory.
    /// </summary>
    public static StoreAddress? Parse(string text, string? baseDirectory, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreAddress(StoreKind.Postgres, trimmed);
        }

        if (trimmed.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = trimmed["sqlite:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                // sqlite:///srv/warden reads as a URL; the path is what follows the authority.
                path = path[2..];
            }

            if (path.Length == 0)
            {
                problem = "sqlite: needs a path: sqlite:/srv/warden/.warden (the data directory) or sqlite:/srv/warden/.warden/warden.db";
                return null;
            }

            // The file name is fixed: a path naming warden.db means its directory, so the Location
            // a store prints (sqlite:/…/warden.db) can be given back as it is.
            var full = baseDirectory is null ? Path.GetFullPath(path) : Path.GetFullPath(path, baseDirectory);
            if (string.Equals(Path.GetFileName(full), DataDirectory.DatabaseFileName, StringComparison.Ordinal))
            {
                return Sqlite(Path.GetDirectoryName(full)!);
            }

            if (Path.GetExtension(full) is ".db" or ".sqlite" or ".sqlite3")
            {
                problem = $"{path}: the SQLite store is always a file named {DataDirectory.DatabaseFileName} in a data directory; give the directory (sqlite:{Path.GetDirectoryName(full)}) or the path of its {DataDirectory.DatabaseFileName}";
                return null;
            }

            return Sqlite(full);
        }

        var scheme = trimmed.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? trimmed[..colon] : null;
        problem = scheme is null
            ? "not a store address: write sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE"
            : $"'{scheme}:' is not a store Warden knows: write sqlite:PATH (a data directory) or postgres://USER@HOST:PORT/DATABASE";
        return null;
    }
}

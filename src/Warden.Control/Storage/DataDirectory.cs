namespace Warden.Storage;

/// <summary>
/// Resolves Warden's data directory: <c>--data-dir</c>, else <c>WARDEN_DATA_DIR</c>, else
/// <c>./.warden</c> under the current directory.
/// </summary>
internal static class DataDirectory
{
    /// <summary>Environment variable naming the data directory.</summary>
    public const string EnvironmentVariable = "WARDEN_DATA_DIR";

    /// <summary>Default directory, relative to the current directory.</summary>
    public const string Default = ".warden";

    /// <summary>File name of the embedded SQLite database inside the data directory.</summary>
    public const string DatabaseFileName = "warden.db";

    /// <summary>The absolute data directory for an optional <c>--data-dir</c> value.</summary>
    public static string Resolve(string? option)
    {
        var chosen = !string.IsNullOrWhiteSpace(option)
            ? option
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv ? fromEnv : Default;
        return Path.GetFullPath(chosen);
    }
}

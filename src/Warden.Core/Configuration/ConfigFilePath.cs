namespace Warden.Core.Configuration;

/// <summary>
/// A key whose value names a file: resolved against the configuration file's folder (so it means
/// the same whatever the working directory of the program that reads it later) and checked when
/// the file is read, where it can be fixed, rather than when the file is first needed.
/// </summary>
internal static class ConfigFilePath
{
    /// <summary>
    /// The full path of the existing file <paramref name="scalar"/> names, or null after adding the
    /// error: not a path, a folder (<c>"PATH is a folder, not NOUN"</c>) or no such file.
    /// </summary>
    /// <param name="m">The mapping that holds the key.</param>
    /// <param name="scalar">The key's value.</param>
    /// <param name="key">The key.</param>
    /// <param name="context">Where the configuration file is.</param>
    /// <param name="noun">What the file should be, e.g. <c>an evidence bundle</c>.</param>
    /// <param name="expected">What to write as the expected value of a bad path.</param>
    /// <param name="fix">What to write as the expected value when the path names no file.</param>
    public static string? Existing(MappingReader m, ConfigScalar scalar, string key, ConfigContext context, string noun, string expected, string fix)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(scalar);
        ArgumentNullException.ThrowIfNull(context);
        if (scalar.Value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            m.Error(scalar, key, $"{scalar.Describe()} is not a file path", expected);
            return null;
        }

        var path = context.BaseDirectory is null ? Path.GetFullPath(scalar.Value) : Path.GetFullPath(scalar.Value, context.BaseDirectory);
        if (File.Exists(path))
        {
            return path;
        }

        m.Error(scalar, key, Directory.Exists(path) ? $"{path} is a folder, not {noun}" : $"the file {path} does not exist", fix);
        return null;
    }
}

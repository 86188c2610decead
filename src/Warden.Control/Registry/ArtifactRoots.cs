namespace Warden.Registry;

/// <summary>
/// The folders artifacts may be registered from. A path is resolved the way the kernel would
/// (each symlink followed, <c>..</c> applied to the folder it is in), so neither a link nor
/// <c>..</c> can lead outside. Roots come from <c>--allow-root</c>, else
/// <c>WARDEN_ARTIFACT_ROOTS</c> (separated by the path-list separator), else the current directory.
/// </summary>
internal sealed class ArtifactRoots
{
    /// <summary>Environment variable listing the allowed roots.</summary>
    public const string EnvironmentVariable = "WARDEN_ARTIFACT_ROOTS";

    private const int MaxLinks = 40;

    private ArtifactRoots(IReadOnlyList<string> roots)
    {
        Roots = roots;
    }

    /// <summary>The allowed roots, resolved.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Roots from the options, else the environment, else <paramref name="currentDirectory"/>.</summary>
    public static ArtifactRoots From(IReadOnlyList<string> options, string? environment, string currentDirectory)
    {
        IEnumerable<string> chosen = options.Count > 0
            ? options
            : !string.IsNullOrWhiteSpace(environment)
                ? environment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [currentDirectory];
        return new ArtifactRoots([.. chosen.Select(r => Resolve(r, currentDirectory)).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The real path of <paramref name="path"/>, refused when it lies outside every root.</summary>
    public string Check(string path, string what, string currentDirectory)
    {
        var real = Resolve(path, currentDirectory);
        if (!Roots.Any(root => IsUnder(real, root)))
        {
            throw new RegistryRefusal(
                RefusalCodes.OutsideRoots,
                $"{what} {path}: resolves to {real}, outside the allowed roots ({string.Join(", ", Roots)}). " +
                $"Move the file under one of them, or allow its folder with --allow-root DIR (or {EnvironmentVariable}).");
        }

        return real;
    }

    /// <summary>Physical resolution: follows every symlink, applies <c>..</c> after the link it follows.</summary>
    public static string Resolve(string path, string currentDirectory)
    {
        var links = 0;
        return Walk(Path.IsPathRooted(path) ? path : Path.Combine(currentDirectory, path), ref links);
    }

    private static string Walk(string path, ref int links)
    {
        var root = Path.GetPathRoot(path) ?? "/";
        var current = root;
        foreach (var segment in path[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, segment);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new RegistryRefusal(RefusalCodes.ArtifactUnreadable, $"{path}: more than {MaxLinks} symbolic links (a loop?)");
                }

                next = Walk(Path.IsPathRooted(target) ? target : Path.Combine(current, target), ref links);
            }

            current = next;
        }

        return current;
    }

    private static bool IsUnder(string path, string root)
    {
        if (string.Equals(path, root, StringComparison.Ordinal))
        {
            return true;
        }

        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}

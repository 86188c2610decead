namespace Warden.Evidence;

/// <summary>
/// The path the operating system really opens: every symbolic link resolved, the final file and
/// each folder on the way, with <c>..</c> applied after the link before it (as the kernel does,
/// not by removing text). Used to keep bundle files inside the bundle's folder.
/// </summary>
internal static class RealPath
{
    // Linux gives up after 40 links (MAXSYMLINKS); so do we, which also ends link loops.
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>Resolves <paramref name="path"/> (relative paths start at the current directory). Parts that do not exist are kept as written.</summary>
    /// <exception cref="IOException">More than 40 symbolic links on the way (a loop).</exception>
    public static string Of(string path)
    {
        var start = Path.IsPathRooted(path) ? path : Path.Combine(Environment.CurrentDirectory, path);
        var current = Path.GetPathRoot(start)!;
        var pending = new Stack<string>();
        Push(pending, start[current.Length..]);
        var links = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, segment);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"more than {MaxLinks} symbolic links on the way to {path} (a loop?)");
            }

            // An absolute target starts again at the root; a relative one at the link's folder.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            Push(pending, target);
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> itself or lies under it (both already real paths).</summary>
    public static bool IsUnder(string path, string folder)
    {
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(prefix, comparison);
    }

    private static void Push(Stack<string> pending, string relative)
    {
        var segments = relative.Split(Separators);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }
}

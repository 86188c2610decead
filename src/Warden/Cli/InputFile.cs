namespace Warden.Cli;

/// <summary>Opens input files, turning the usual ways a path can be wrong into clear user errors.</summary>
internal static class InputFile
{
    /// <summary>The file argument that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>Opens <paramref name="path"/> for one sequential read.</summary>
    /// <param name="path">Path as the user typed it.</param>
    /// <param name="what">What the file is, for the message, e.g. "telemetry file".</param>
    public static Stream Open(string path, string what) => Open(path, what, env: null);

    // The text of configuration files read lately, by path, with the size and write time it had:
    // the API's commands read the server's warden.yaml on every call, and opening it (buffers of a
    // stream and a reader) cost more than the rest of a status read.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Length, DateTime Written, string Text)> Texts = new(StringComparer.Ordinal);

    /// <summary>
    /// The whole text of the configuration file <paramref name="path"/> (errors as <see cref="Open(string, string)"/>):
    /// the text read before while the file keeps its size and write time, else read now.
    /// </summary>
    public static string ReadConfigText(string path, string what)
    {
        var info = new FileInfo(path);
        if (info.Exists && Texts.TryGetValue(info.FullName, out var known) && known.Length == info.Length && known.Written == info.LastWriteTimeUtc)
        {
            return known.Text;
        }

        string text;
        using (var stream = Open(path, what))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        if (info.Exists)
        {
            if (Texts.Count >= 16)
            {
                Texts.Clear();
            }

            Texts[info.FullName] = (info.Length, info.LastWriteTimeUtc, text);
        }

        return text;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for one sequential read; <c>-</c> is standard input when
    /// <paramref name="env"/> is given. The stream may not seek (stdin, a pipe, <c>&lt;(...)</c>):
    /// readers go front to back once, and <see cref="LengthOf"/> tells whether a size is known.
    /// </summary>
    public static Stream Open(string path, string what, CliEnvironment? env)
    {
        if (path == StandardInput)
        {
            return env is not null
                ? env.OpenStandardInput()
                : throw new UserInputException($"-: standard input cannot be read as a {what} here; give a file path.");
        }

        if (Directory.Exists(path))
        {
            throw new UserInputException($"{path}: is a directory; expected a {what}.");
        }

        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: no such file; expected a {what} (relative paths start at {Environment.CurrentDirectory}).");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UserInputException($"{path}: permission denied; make the {what} readable by this user.");
        }
        catch (IOException ex)
        {
            throw new UserInputException($"{path}: cannot be read ({ex.Message}).");
        }
    }

    /// <summary>The size in bytes for progress, or 0 when the stream cannot tell (a pipe or FIFO).</summary>
    public static long LengthOf(Stream stream) => stream.CanSeek ? stream.Length : 0;
}

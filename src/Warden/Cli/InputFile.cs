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

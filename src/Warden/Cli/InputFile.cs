namespace Warden.Cli;

/// <summary>Opens input files, turning the usual ways a path can be wrong into clear user errors.</summary>
internal static class InputFile
{
    /// <summary>Opens <paramref name="path"/> for one sequential read.</summary>
    /// <param name="path">Path as the user typed it.</param>
    /// <param name="what">What the file is, for the message, e.g. "telemetry file".</param>
    public static FileStream Open(string path, string what)
    {
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
}

using Warden.Configuration;
using Warden.Core.Configuration;

namespace Warden.Cli;

/// <summary>
/// The server's warden.yaml as <c>warden serve</c>, <c>warden drill</c> and <c>warden cycle run</c>
/// read it: the whole file, every section checked, <c>gateway:</c> required, every problem at once.
/// </summary>
internal static class ServerConfigFile
{
    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expected">What the file must hold, for the error when it cannot be opened.</param>
    /// <param name="refused">What did not happen because of a problem, e.g. <c>no drill was run</c>.</param>
    /// <exception cref="UserInputException">The file cannot be read, or has problems (exit 2); each on its own line with file:line:column.</exception>
    public static ConfigFile Load(string path, string expected, string refused)
    {
        var text = InputFile.ReadConfigText(path, expected);

        var file = ConfigFileLoader.LoadText(text, new ConfigContext(path, Path.GetDirectoryName(Path.GetFullPath(path))), WardenConfigSections.All, "gateway");
        if (file.Errors.Count > 0)
        {
            var lines = file.Errors.Select(e => $"error: {e}");
            throw new UserInputException(
                $"{path}: {file.Errors.Count} problem(s) in the configuration; {refused}.{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }

        return file;
    }
}

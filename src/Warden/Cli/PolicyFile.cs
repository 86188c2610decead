using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Policy;

namespace Warden.Cli;

/// <summary>Reads the <c>policy:</c> section of a <c>warden.yaml</c> named by a command's <c>--policy</c> option.</summary>
internal static class PolicyFile
{
    /// <summary>
    /// The policy in <paramref name="path"/>, or the defaults when no file is named; every problem at
    /// once, exit 2. The whole file is read with every registered section, so the warden.yaml that
    /// <c>warden serve</c> runs on (gateway, rollout) is a valid policy file too.
    /// </summary>
    public static VerdictPolicy Load(string? path, string consequence)
    {
        if (path is null)
        {
            return new VerdictPolicy();
        }

        var text = InputFile.ReadConfigText(path, "policy file");

        var file = ConfigFileLoader.LoadText(text, new ConfigContext(path, Path.GetDirectoryName(Path.GetFullPath(path))), WardenConfigSections.All);
        if (file.Errors.Count > 0)
        {
            throw new UserInputException(
                $"{path}: {file.Errors.Count} problem(s) in the policy file; {consequence}.{Environment.NewLine}" +
                string.Join(Environment.NewLine, file.Errors.Select(e => $"error: {e}")));
        }

        return file.Get<VerdictPolicy>(PolicyLoader.Section);
    }
}

using Warden.Core.Policy;

namespace Warden.Cli;

/// <summary>Reads the <c>policy:</c> section of a <c>warden.yaml</c> named by a command's <c>--policy</c> option.</summary>
internal static class PolicyFile
{
    /// <summary>The policy in <paramref name="path"/>, or the defaults when no file is named; every problem at once, exit 2.</summary>
    public static VerdictPolicy Load(string? path, string consequence)
    {
        if (path is null)
        {
            return new VerdictPolicy();
        }

        using var stream = InputFile.Open(path, "policy file");
        using var reader = new StreamReader(stream);
        var result = PolicyLoader.Load(reader, path);
        if (result.Errors.Count > 0 || result.Policy is null)
        {
            throw new UserInputException(
                $"{path}: {result.Errors.Count} problem(s) in the policy file; {consequence}.{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Errors.Select(e => $"error: {e}")));
        }

        return result.Policy;
    }
}

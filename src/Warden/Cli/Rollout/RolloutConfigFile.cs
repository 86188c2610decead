using System.CommandLine;
using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary>
/// What the rollout commands read from warden.yaml: the <c>rollout:</c> section (the plan), the
/// <c>policy:</c> section (how old a verdict may be, the targets a step is judged on) and the
/// <c>evidence:</c> section (where a step's measurements come from). The whole
/// file is read and every section checked, as <c>warden serve</c> reads it, so a plan is never
/// started from a file the server would refuse.
/// </summary>
/// <param name="Rollouts">The <c>rollout:</c> section.</param>
/// <param name="Policy">The <c>policy:</c> section.</param>
/// <param name="Evidence">The <c>evidence:</c> section: where a canary step's measurements come from.</param>
internal sealed record RolloutConfigFile(RolloutOptions Rollouts, VerdictPolicy Policy, EvidenceOptions Evidence)
{
    /// <summary>The file read when <c>--config</c> is not given.</summary>
    public const string DefaultPath = "warden.yaml";

    /// <summary>The <c>--config</c> option; <paramref name="what"/> says what the command reads from the file.</summary>
    public static Option<string?> Option(string what) => new("--config")
    {
        Description = $"warden.yaml whose {what}; default ./{DefaultPath}, and the built-in defaults when that file does not exist (said on standard error).",
    };

    /// <summary>
    /// Reads <paramref name="given"/> (every problem at once, exit 2); without it, ./warden.yaml if
    /// it exists, else the defaults, said in one line on standard error.
    /// </summary>
    /// <param name="given">The <c>--config</c> value, or null.</param>
    /// <param name="env">Where the note about defaults goes.</param>
    /// <param name="consequence">What a bad file means for the command, e.g. "nothing was started".</param>
    public static RolloutConfigFile Load(string? given, CliEnvironment env, string consequence)
    {
        ArgumentNullException.ThrowIfNull(env);
        var path = given ?? DefaultPath;
        if (given is null && !File.Exists(path))
        {
            env.Error.WriteLine($"note: no {DefaultPath} in {Environment.CurrentDirectory} and no --config: using the default rollout plan and policy.");
            return new RolloutConfigFile(new RolloutOptions(), new VerdictPolicy(), new EvidenceOptions());
        }

        var text = InputFile.ReadConfigText(path, "warden.yaml");

        var file = ConfigFileLoader.LoadText(text, new ConfigContext(path, Path.GetDirectoryName(Path.GetFullPath(path))), WardenConfigSections.All);
        if (file.Errors.Count > 0)
        {
            var lines = file.Errors.Select(e => $"error: {e}");
            throw new UserInputException(
                $"{path}: {file.Errors.Count} problem(s) in the configuration; {consequence}.{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }

        return new RolloutConfigFile(
            file.Get<RolloutOptions>(RolloutConfigLoader.Section), file.Get<VerdictPolicy>(PolicyLoader.Section), file.Get<EvidenceOptions>(EvidenceConfigLoader.Section));
    }
}

using System.CommandLine;
using Warden.Checkpoints;
using Warden.Core.Policy;

namespace Warden.Cli.Checkpoint;

/// <summary><c>--policy warden.yaml</c>: the checkpoint limits come from its <c>policy.rollback</c> section, else the documented defaults (24 h, 30 s).</summary>
internal sealed class CheckpointPolicyOption
{
    public Option<string?> Option { get; } = new("--policy")
    {
        Description = "warden.yaml whose policy.rollback limits apply (checkpoint_max_age_hours, load_time_max_s); default 24 h and 30 s.",
    };

    public CheckpointPolicy Load(ParseResult parse)
    {
        if (parse.GetValue(Option) is not { } path)
        {
            return new CheckpointPolicy(new RollbackPolicy());
        }

        using var stream = InputFile.Open(path, "policy file");
        using var reader = new StreamReader(stream);
        var result = PolicyLoader.Load(reader, path);
        if (result.Errors.Count > 0 || result.Policy is null)
        {
            throw new UserInputException(
                $"{path}: {result.Errors.Count} problem(s) in the policy file; nothing was checked.{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Errors.Select(e => $"error: {e}")));
        }

        return new CheckpointPolicy(result.Policy.Rollback);
    }
}

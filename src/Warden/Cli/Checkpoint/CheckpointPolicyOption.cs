using System.CommandLine;
using Warden.Checkpoints;

namespace Warden.Cli.Checkpoint;

/// <summary><c>--policy warden.yaml</c>: the checkpoint limits come from its <c>policy.rollback</c> section, else the documented defaults (24 h, 30 s).</summary>
internal sealed class CheckpointPolicyOption
{
    public Option<string?> Option { get; } = new("--policy")
    {
        Description = "warden.yaml whose policy.rollback limits apply (checkpoint_max_age_hours, load_time_max_s); default 24 h and 30 s.",
    };

    public CheckpointPolicy Load(ParseResult parse) =>
        new(PolicyFile.Load(parse.GetValue(Option), "nothing was checked").Rollback);
}

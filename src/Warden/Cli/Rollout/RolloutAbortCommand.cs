using System.CommandLine;
using Warden.Core.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout abort SERVICE</c>.</summary>
internal static class RolloutAbortCommand
{
    public static Command Create(CliEnvironment env) => RolloutHumanCommand.Create(
        env,
        "abort",
        "Roll back to the known-good version in any phase, also during the bake time (the production alias moves back).",
        _ => RolloutCommand.Abort);
}

using System.CommandLine;
using Warden.Core.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout resume SERVICE</c>.</summary>
internal static class RolloutResumeCommand
{
    public static Command Create(CliEnvironment env) => RolloutHumanCommand.Create(
        env,
        "resume",
        "Continue a paused rollout with a fresh analysis window.",
        _ => RolloutCommand.Resume);
}

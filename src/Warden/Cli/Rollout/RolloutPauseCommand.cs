using System.CommandLine;
using Warden.Core.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout pause SERVICE</c>.</summary>
internal static class RolloutPauseCommand
{
    public static Command Create(CliEnvironment env) => RolloutHumanCommand.Create(
        env,
        "pause",
        "Hold the rollout at its phase and step until 'warden rollout resume'; refused during the bake time and when already paused.",
        _ => RolloutCommand.Pause);
}

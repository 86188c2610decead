using System.CommandLine;
using Warden.Core.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout approve SERVICE</c>.</summary>
internal static class RolloutApproveCommand
{
    public static Command Create(CliEnvironment env) => RolloutHumanCommand.Create(
        env,
        "approve",
        "Promote a rollout awaiting approval (plans with require_approval); production needs the GO verdict of the rollout's deployment.",
        _ => RolloutCommand.Approve);
}

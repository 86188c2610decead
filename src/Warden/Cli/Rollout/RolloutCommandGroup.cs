using System.CommandLine;

namespace Warden.Cli.Rollout;

/// <summary>
/// <c>warden rollout start|status|list|history|pause|resume|promote|abort|approve</c>. Named so
/// as not to shadow <see cref="Core.Rollouts.RolloutCommand"/>, the commands a human gives a rollout.
/// </summary>
internal static class RolloutCommandGroup
{
    public static Command Create(CliEnvironment env) => new(
        "rollout",
        "Move a candidate from shadow through canary steps to production. These commands store transitions, each with an audit event; " +
        "the controller inside 'warden serve' moves the traffic within its interval.")
    {
        RolloutStartCommand.Create(env),
        RolloutStatusCommand.Create(env),
        RolloutListCommand.Create(env),
        RolloutHistoryCommand.Create(env),
        RolloutPauseCommand.Create(env),
        RolloutResumeCommand.Create(env),
        RolloutPromoteCommand.Create(env),
        RolloutAbortCommand.Create(env),
        RolloutApproveCommand.Create(env),
    };
}

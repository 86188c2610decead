using System.CommandLine;
using Warden.Core.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout promote SERVICE [--full]</c>: the next step now, or production now.</summary>
internal static class RolloutPromoteCommand
{
    public static Command Create(CliEnvironment env)
    {
        var full = new Option<bool>("--full")
        {
            Description = "Promote to production now, skipping the remaining steps and the approval; the old production becomes previous.",
        };
        return RolloutHumanCommand.Create(
            env,
            "promote",
            "Skip to the next step now: shadow → first canary step, last step → production (or approval when the plan asks). " +
            "Production needs the GO verdict of the rollout's deployment.",
            parse => parse.GetValue(full) ? RolloutCommand.PromoteFull : RolloutCommand.Promote,
            full);
    }
}

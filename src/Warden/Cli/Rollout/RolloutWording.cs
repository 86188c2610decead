using Warden.Registry;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary>
/// Words the registry's refusals for the rollout commands. The registry's own CLI wording offers
/// <c>--override</c>, which no rollout command has: a rollout starts on a recorded verdict and
/// promotes on the GO verdict of its deployment, or not at all.
/// </summary>
internal static class RolloutWording
{
    /// <summary>A refusal of the promotion gate while starting a rollout, as one <see cref="RolloutRefusal"/>.</summary>
    public static RolloutRefusal ForStart(RegistryRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var model = refusal.Field(RefusalFields.Model);
        var version = refusal.Field(RefusalFields.Version);
        var production = refusal.Field(RefusalFields.Production);
        var judgeAgain = $"Judge {version} against {production} and record that verdict ('warden verdict --evidence BUNDLE --record --model {model}' with baseline {production}).";
        var message = refusal.Code switch
        {
            RefusalCodes.BaselineMismatch => $"{refusal.Message} {judgeAgain}",

            // The gate's own words speak of a promotion and a GO verdict; a start rests on any verdict.
            RefusalCodes.VerdictTooOld =>
                $"cannot start a rollout of {model} {version}: the latest verdict of deployment {refusal.Field(RefusalFields.Deployment)} (judged against {refusal.Field(RefusalFields.Baseline)}) " +
                $"was recorded at {refusal.Field(RefusalFields.RecordedAt)}, and policy.verdict_max_age_days allows at most {refusal.Field(RefusalFields.MaxAgeDays)} day(s) before now ({refusal.Field(RefusalFields.Now)}). " +
                $"{judgeAgain} Or raise policy.verdict_max_age_days in the --config file.",
            _ => refusal.Message,
        };
        return new RolloutRefusal(message);
    }

    /// <summary>A refusal of the promotion gate while a command promotes a rollout: nothing was stored, and what would let it through.</summary>
    public static RolloutRefusal ForPromotion(RegistryRefusal refusal, string service, string command)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(command);
        var deployment = refusal.Field(RefusalFields.Deployment);

        // "promote --full" is typed with the service before the option.
        var words = command.Split(' ', 2);
        var again = words.Length == 2 ? $"warden rollout {words[0]} {service} {words[1]}" : $"warden rollout {command} {service}";
        var fix = refusal.Code switch
        {
            RefusalCodes.NotAttested => string.Empty,
            RefusalCodes.VerdictTooOld =>
                $" Nothing was stored. Record a fresh GO verdict from a bundle with deployment_id {deployment} ('warden verdict --evidence BUNDLE --record'), or raise policy.verdict_max_age_days in the --config file, then run '{again}' again; or 'warden rollout abort {service}'.",
            _ =>
                $" Nothing was stored. A rollout promotes on the GO verdict of its own deployment: record one from a bundle with deployment_id {deployment} ('warden verdict --evidence BUNDLE --record'), then run '{again}' again; or 'warden rollout abort {service}'.",
        };
        return new RolloutRefusal(refusal.Message + fix);
    }
}

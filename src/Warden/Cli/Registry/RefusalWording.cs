using Warden.Registry;

namespace Warden.Cli.Registry;

/// <summary>
/// Words a <see cref="RegistryRefusal"/> for the one who asked: the domain states the facts, and
/// this adds the fix in the terms of the front end — <c>--override --reason "..."</c> on the command
/// line, <c>"override": true, "reason": "..."</c> in the admin API's route change.
/// </summary>
internal static class RefusalWording
{
    private static readonly Surface Cli = new(
        Override: "--override --reason \"...\"",
        Deployment: "--deployment ID",
        OverrideFlag: "--override",
        ReasonOption: "--reason \"...\"",
        DeploymentOption: "--deployment");

    private static readonly Surface Api = new(
        Override: "\"override\": true and a \"reason\" in the body",
        Deployment: "\"deployment\": \"ID\" in the body",
        OverrideFlag: "\"override\"",
        ReasonOption: "a \"reason\"",
        DeploymentOption: "\"deployment\"");

    /// <summary>The refusal as <c>warden registry …</c> prints it after <c>error: </c>.</summary>
    public static string ForCli(RegistryRefusal refusal) => Word(refusal, Cli);

    /// <summary>The refusal as the admin API answers a route change with it.</summary>
    public static string ForApi(RegistryRefusal refusal) => Word(refusal, Api);

    private static string Word(RegistryRefusal refusal, Surface s)
    {
        var model = refusal.Field(RefusalFields.Model);
        var version = refusal.Field(RefusalFields.Version);
        var alias = refusal.Field(RefusalFields.Alias);
        var production = refusal.Field(RefusalFields.Production);
        var recordOne = $"Record one with 'warden verdict --evidence BUNDLE --record' (model {model}, candidate {version}), or move it anyway with {s.Override} (recorded as an override).";
        return refusal.Code switch
        {
            RefusalCodes.OverrideNotProduction =>
                $"{s.OverrideFlag} applies to the production alias only; '{alias}' moves without a verdict. Drop {s.OverrideFlag}.",
            RefusalCodes.OverrideNeedsReason =>
                $"{s.OverrideFlag} needs {s.ReasonOption}: the audit log records why production moved without a GO verdict.",
            RefusalCodes.DeploymentNotProduction =>
                $"{s.DeploymentOption} applies to the production alias only; '{alias}' does not rest on a verdict.",
            RefusalCodes.NoVerdictForDeployment or RefusalCodes.VerdictNotGo or RefusalCodes.NoGoVerdict =>
                $"{refusal.Message} {recordOne}",
            RefusalCodes.BaselineMismatch when production is null =>
                $"{refusal.Message} Set the first production with 'warden registry alias {model} production VERSION --override --reason \"...\"', then promote {version} on a verdict judged against it.",
            RefusalCodes.BaselineMismatch =>
                $"{refusal.Message} Judge {version} against {production} and record that verdict ('warden verdict --evidence BUNDLE --record' with baseline {production}), or move it anyway with {s.Override}.",
            RefusalCodes.VerdictTooOld =>
                $"{refusal.Message} Judge {version} against {production} again and record that verdict ('warden verdict --evidence BUNDLE --record'), or move it anyway with {s.Override}.",
            RefusalCodes.AmbiguousVerdict =>
                $"{refusal.Message} Say which one the promotion rests on with {s.Deployment}.",
            _ => refusal.Message,
        };
    }

    private sealed record Surface(string Override, string Deployment, string OverrideFlag, string ReasonOption, string DeploymentOption);
}

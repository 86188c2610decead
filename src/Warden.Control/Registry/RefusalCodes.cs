namespace Warden.Registry;

/// <summary>The codes of <see cref="RegistryRefusal"/>. Stable strings: tools and front ends branch on them.</summary>
internal static class RefusalCodes
{
    /// <summary>A model or version name breaks the naming rule.</summary>
    public const string InvalidName = "invalid_name";

    /// <summary>An alias name breaks the naming rule.</summary>
    public const string InvalidAlias = "invalid_alias";

    /// <summary>The artifact could not be read or resolved.</summary>
    public const string ArtifactUnreadable = "artifact_unreadable";

    /// <summary>The artifact resolves outside the allowed roots.</summary>
    public const string OutsideRoots = "outside_roots";

    /// <summary>The version is registered with other bytes.</summary>
    public const string BytesDiffer = "bytes_differ";

    /// <summary>The model has no registered version.</summary>
    public const string UnknownModel = "unknown_model";

    /// <summary>The model has no such version.</summary>
    public const string UnknownVersion = "unknown_version";

    /// <summary>A checkpoint was asked for production's version, and production holds none.</summary>
    public const string NoProduction = "no_production";

    /// <summary>An override was asked for an alias other than production.</summary>
    public const string OverrideNotProduction = "override_not_production";

    /// <summary>An override was asked without a reason.</summary>
    public const string OverrideNeedsReason = "override_needs_reason";

    /// <summary>A deployment was named for an alias other than production.</summary>
    public const string DeploymentNotProduction = "deployment_not_production";

    /// <summary>The version is marked tampered; it can never become production.</summary>
    public const string Tampered = "tampered";

    /// <summary>No verdict is recorded for the deployment named.</summary>
    public const string NoVerdictForDeployment = "no_verdict_for_deployment";

    /// <summary>The latest verdict of the deployment named is not GO.</summary>
    public const string VerdictNotGo = "verdict_not_go";

    /// <summary>No GO verdict is recorded for the version.</summary>
    public const string NoGoVerdict = "no_go_verdict";

    /// <summary>The GO verdict was judged against another version than the one in production now.</summary>
    public const string BaselineMismatch = "baseline_mismatch";

    /// <summary>The GO verdict was recorded longer ago than <c>policy.verdict_max_age_days</c>.</summary>
    public const string VerdictTooOld = "verdict_too_old";

    /// <summary>Several deployments hold a GO verdict against the current production; one must be named.</summary>
    public const string AmbiguousVerdict = "ambiguous_verdict";

    /// <summary>A verdict or alias row the gate reads is not vouched for by the audit log.</summary>
    public const string NotAttested = "not_attested";
}

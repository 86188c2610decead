namespace Warden.Registry;

/// <summary>The names of <see cref="RegistryRefusal.Fields"/>.</summary>
internal static class RefusalFields
{
    /// <summary>Model name.</summary>
    public const string Model = "model";

    /// <summary>The version asked for.</summary>
    public const string Version = "version";

    /// <summary>The alias asked for.</summary>
    public const string Alias = "alias";

    /// <summary>The version in production now (absent when none).</summary>
    public const string Production = "production";

    /// <summary>The deployment whose verdict is meant.</summary>
    public const string Deployment = "deployment";

    /// <summary>The verdict's row id in <c>verdict_records</c>.</summary>
    public const string Verdict = "verdict";

    /// <summary>The version the verdict was judged against.</summary>
    public const string Baseline = "baseline";

    /// <summary>When the verdict was recorded (RFC 3339, UTC).</summary>
    public const string RecordedAt = "recorded_at";

    /// <summary>The time the gate judged at (RFC 3339, UTC).</summary>
    public const string Now = "now";

    /// <summary><c>policy.verdict_max_age_days</c> in force.</summary>
    public const string MaxAgeDays = "max_age_days";
}

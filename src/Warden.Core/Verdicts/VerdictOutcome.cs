namespace Warden.Core.Verdicts;

/// <summary>The four verdicts, with the process exit code each maps to.</summary>
public enum VerdictOutcome
{
    /// <summary>Promote (exit 0).</summary>
    Go,

    /// <summary>Mirror live traffic only (exit 3).</summary>
    ShadowOnly,

    /// <summary>Fix what failed, then re-judge (exit 4).</summary>
    PauseAndFix,

    /// <summary>Do not deploy (exit 5).</summary>
    Reject,
}

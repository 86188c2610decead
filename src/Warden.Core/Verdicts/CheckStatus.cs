namespace Warden.Core.Verdicts;

/// <summary>Result of one check.</summary>
public enum CheckStatus
{
    /// <summary>The evidence shows the requirement is met.</summary>
    Pass,

    /// <summary>The evidence shows the requirement is not met.</summary>
    Fail,

    /// <summary>The evidence cannot tell (too few samples, interval straddles the target, data missing).</summary>
    Inconclusive,
}

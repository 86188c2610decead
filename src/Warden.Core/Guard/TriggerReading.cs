namespace Warden.Core.Guard;

/// <summary>
/// One trigger's reading at one look: the observed value, the confidence-sequence bound compared
/// with the threshold, and whether it tripped. Rates are fractions (0.05 = 5 %).
/// </summary>
public sealed record TriggerReading
{
    /// <summary>The trigger.</summary>
    public required GuardTrigger Trigger { get; init; }

    /// <summary>Whether the trigger tripped.</summary>
    public required bool Tripped { get; init; }

    /// <summary>The observed value: a rate, a difference of rates, or 1 for a backend down.</summary>
    public required double Observed { get; init; }

    /// <summary>The anytime-valid bound compared with <see cref="Threshold"/> (a lower bound; for a backend down, 1).</summary>
    public required double Bound { get; init; }

    /// <summary>The threshold the bound must pass.</summary>
    public required double Threshold { get; init; }

    /// <summary>The events the reading rests on (errors, slow requests, non-compliant answers).</summary>
    public long Events { get; init; }

    /// <summary>The requests (or judged answers) the reading rests on.</summary>
    public long Requests { get; init; }

    /// <summary>
    /// The log of the evidence against the null (the mixture martingale at the null boundary); the
    /// time of its lowest value before a trip estimates the fault's onset, as CUSUM does.
    /// </summary>
    public double LogEvidence { get; init; }

    /// <summary>Whether the trigger could be evaluated at all (enough data, a reference, a drift threshold).</summary>
    public bool Armed { get; init; } = true;

    /// <summary>One sentence: the trigger, the observed value against its bound and threshold.</summary>
    public required string Description { get; init; }
}

using System.Globalization;

namespace Warden.Core.Configuration;

/// <summary>
/// The values a numeric setting accepts: optional lower and upper bounds, each inclusive or
/// exclusive, and whether only whole numbers are allowed. Describes itself for error messages.
/// </summary>
internal sealed record NumberRange
{
    /// <summary>Lower bound, or null for none.</summary>
    public double? Min { get; init; }

    /// <summary>Whether <see cref="Min"/> itself is accepted.</summary>
    public bool MinInclusive { get; init; } = true;

    /// <summary>Upper bound, or null for none.</summary>
    public double? Max { get; init; }

    /// <summary>Whether <see cref="Max"/> itself is accepted.</summary>
    public bool MaxInclusive { get; init; } = true;

    /// <summary>Whether only whole numbers are accepted.</summary>
    public bool Whole { get; init; }

    /// <summary>Any number x with <paramref name="min"/> &lt; x.</summary>
    public static NumberRange Above(double min) => new() { Min = min, MinInclusive = false };

    /// <summary>Any number x with <paramref name="min"/> ≤ x.</summary>
    public static NumberRange AtLeast(double min) => new() { Min = min };

    /// <summary>Whole numbers from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static NumberRange WholeFrom(long min, long max) => new() { Min = min, Max = max, Whole = true };

    /// <summary>Whole numbers from <paramref name="min"/> up.</summary>
    public static NumberRange WholeAtLeast(long min) => new() { Min = min, Whole = true };

    /// <summary>True when <paramref name="value"/> is within the bounds.</summary>
    public bool Contains(double value) =>
        (Min is not { } lo || (MinInclusive ? value >= lo : value > lo))
        && (Max is not { } hi || (MaxInclusive ? value <= hi : value < hi));

    /// <summary>
    /// Reads like <c>a number greater than 0.5 and less than 1</c> or
    /// <c>a whole number from 100 to 1000000</c>.
    /// </summary>
    public string Describe()
    {
        var noun = Whole ? "a whole number" : "a number";
        if (Min is { } from && Max is { } to && MinInclusive && MaxInclusive)
        {
            return $"{noun} from {Format(from)} to {Format(to)}";
        }

        var lower = Min is { } lo ? (MinInclusive ? "of at least " : "greater than ") + Format(lo) : null;
        var upper = Max is { } hi ? (MaxInclusive ? "at most " : "less than ") + Format(hi) : null;
        return (lower, upper) switch
        {
            (null, null) => noun,
            (_, null) => $"{noun} {lower}",
            (null, _) => $"{noun} {(MaxInclusive ? "of " : string.Empty)}{upper}",
            _ => $"{noun} {lower} and {upper}",
        };
    }

    /// <summary>Shortest round-trip invariant text: <c>0.95</c>, <c>2000</c>, <c>-1</c>.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Warden.Core.Configuration;

/// <summary>Typed reads: each returns the default when the key is absent and reports any bad value.</summary>
internal sealed partial class MappingReader
{
    private const string UseDefault = "remove the key to use the default";

    /// <summary>A finite number within <paramref name="range"/>; <paramref name="fallback"/> when absent or bad.</summary>
    public double Number(string key, double fallback, NumberRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var expected = $"{range.Describe()} (default {NumberRange.Format(fallback)})";
        if (PlainScalar(key, "a number", expected, "!!float", "!!int") is not { } scalar)
        {
            return fallback;
        }

        if (!TryParseNumber(scalar.Value, out var value))
        {
            Error(scalar, key, $"{scalar.Describe()} is not a number", expected);
            return fallback;
        }

        if (!double.IsFinite(value))
        {
            Error(scalar, key, $"{scalar.Describe()} is not a finite number", expected);
            return fallback;
        }

        if (!range.Contains(value))
        {
            Error(scalar, key, $"{scalar.Value} is out of range", expected);
            return fallback;
        }

        return value;
    }

    /// <summary>A whole number within <paramref name="range"/>; <paramref name="fallback"/> when absent or bad.</summary>
    public long WholeNumber(string key, long fallback, NumberRange range) =>
        WholeNumber(key, fallback, range, long.MinValue, long.MaxValue);

    /// <summary>
    /// A whole number within <paramref name="range"/> that fits <see cref="int"/>. The range
    /// need not repeat int's limits: a value beyond them is reported as too large or too small.
    /// </summary>
    public int Int32(string key, int fallback, NumberRange range) =>
        (int)WholeNumber(key, fallback, range, int.MinValue, int.MaxValue);

    private long WholeNumber(string key, long fallback, NumberRange range, long typeMin, long typeMax)
    {
        ArgumentNullException.ThrowIfNull(range);
        var expected = $"{range.Describe()} (default {fallback.ToString(CultureInfo.InvariantCulture)})";
        if (PlainScalar(key, "a whole number", expected, "!!int") is not { } scalar)
        {
            return fallback;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var problem = !TryParseNumber(scalar.Value, out var number) ? $"{scalar.Describe()} is not a whole number"
                : double.IsFinite(number) && number == Math.Floor(number) && Math.Abs(number) < 1e18
                    ? $"{scalar.Value} is not written as a whole number; write {number.ToString("F0", CultureInfo.InvariantCulture)}"
                : Math.Abs(number) >= 1e18 ? $"{scalar.Value} is out of range"
                : $"{scalar.Value} is not a whole number";
            Error(scalar, key, problem, expected);
            return fallback;
        }

        if (value > typeMax || value < typeMin)
        {
            var limit = value > typeMax ? $"too large (at most {typeMax.ToString(CultureInfo.InvariantCulture)})" : $"too small (at least {typeMin.ToString(CultureInfo.InvariantCulture)})";
            Error(scalar, key, $"{scalar.Value} is {limit}", expected);
            return fallback;
        }

        if (!range.Contains(value))
        {
            Error(scalar, key, $"{scalar.Value} is out of range", expected);
            return fallback;
        }

        return value;
    }

    /// <summary>
    /// A duration written as a whole number and a unit (<see cref="ConfigDuration"/>: <c>90s</c>,
    /// <c>15m</c>, <c>1h</c>, <c>1d</c>) from <paramref name="min"/> to <paramref name="max"/>, both
    /// included; null when absent or bad. <paramref name="fallback"/> names the default for the
    /// messages (<c>1h</c>, <c>the interval</c>).
    /// </summary>
    public TimeSpan? Duration(string key, TimeSpan min, TimeSpan max, string fallback)
    {
        var expected = $"a whole number and a unit ({ConfigDuration.Units}), e.g. 90s, 15m, 1h or 1d, from {ConfigDuration.Format(min)} to {ConfigDuration.Format(max)} (default {fallback})";

        // Any scalar, quoted or not: 1h is a string in YAML either way.
        if (Text(key, expected) is not { } scalar)
        {
            return null;
        }

        if (ConfigDuration.TryParse(scalar.Value, out var duration))
        {
            if (duration >= min && duration <= max)
            {
                return duration;
            }

            Error(scalar, key, duration < min ? $"{scalar.Describe()} is less than {ConfigDuration.Format(min)}" : $"{scalar.Describe()} is more than {ConfigDuration.Format(max)}", expected);
            return null;
        }

        // Of the form but beyond a TimeSpan (999999999w) is too long, not unreadable; a bare
        // number is the likeliest slip (seconds? minutes?), so it gets its own words.
        var problem = ConfigDuration.HasForm(scalar.Value) ? $"{scalar.Describe()} is more than {ConfigDuration.Format(max)}"
            : TryParseNumber(scalar.Value, out _) ? $"{scalar.Describe()} needs a unit"
            : $"{scalar.Describe()} is not a duration";
        Error(scalar, key, problem, expected);
        return null;
    }

    /// <summary><c>true</c> or <c>false</c> (any case YAML 1.2 allows); <paramref name="fallback"/> when absent or bad.</summary>
    public bool Boolean(string key, bool fallback)
    {
        var expected = $"true or false (default {(fallback ? "true" : "false")})";
        if (PlainScalar(key, "true or false", expected, "!!bool") is not { } scalar)
        {
            return fallback;
        }

        switch (scalar.Value)
        {
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                // YAML 1.1 read yes/no/on/off as booleans, YAML 1.2 does not: name the trap.
                var problem = scalar.Value.ToUpperInvariant() is "YES" or "NO" or "ON" or "OFF" or "Y" or "N"
                    ? $"{scalar.Describe()} is not a boolean in YAML 1.2"
                    : $"{scalar.Describe()} is not true or false";
                Error(scalar, key, problem, expected);
                return fallback;
        }
    }

    /// <summary>One of <paramref name="choices"/>, exactly as listed; <paramref name="fallback"/> when absent or bad.</summary>
    public string Choice(string key, string fallback, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var expected = $"{string.Join(" or ", choices)} (default {fallback})";
        if (Text(key, expected) is not { } scalar)
        {
            return fallback;
        }

        if (choices.Contains(scalar.Value))
        {
            return scalar.Value;
        }

        var suggestion = KeySuggestion.Closest(scalar.Value, choices);
        Error(
            scalar,
            key,
            suggestion is null ? $"{scalar.Describe()} is not a valid value" : $"{scalar.Describe()} is not a valid value; did you mean '{suggestion}'?",
            expected);
        return fallback;
    }

    /// <summary>
    /// A non-empty string (any scalar, quoted or not, kept as written), or null when absent or
    /// bad. <paramref name="expected"/> describes a valid value for the messages.
    /// </summary>
    public ConfigScalar? Text(string key, string expected)
    {
        var node = Value(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigScalar { IsNull: true } empty:
                Error(empty, key, "no value given", $"{expected}, or remove the key");
                return null;
            case ConfigScalar { Tag: not null and not "!!str" } tagged:
                Error(tagged, key, TagProblem(tagged, "a string"), $"{expected}, without the tag");
                return null;
            case ConfigScalar { Value.Length: 0 } blank:
                Error(blank, key, "the value is an empty string", expected);
                return null;
            case ConfigScalar scalar:
                return scalar;
            default:
                Error(node, key, $"{node.Describe()} is not a single value", expected);
                return null;
        }
    }

    /// <summary>Like <see cref="Text"/>, and reports <paramref name="key"/> as missing when absent.</summary>
    public ConfigScalar? RequiredText(string key, string expected)
    {
        if (!Has(key))
        {
            Missing(key, expected);
            return null;
        }

        return Text(key, expected);
    }

    // Numbers and booleans must be plain: a quoted "0.9" is a string in YAML, and a JSON Schema
    // validator in the user's editor would reject it too. A tag that says what is expected
    // (!!int 4 for a whole number) means the same as the plain value; any other tag is named.
    private ConfigScalar? PlainScalar(string key, string what, string expected, params string[] sameAsPlain)
    {
        var node = Value(key);
        switch (node)
        {
            case null:
                return null;
            case ConfigScalar { IsNull: true } empty:
                Error(empty, key, "no value given", $"{expected}; {UseDefault}");
                return null;
            case ConfigScalar { Tag: { } tag } tagged when sameAsPlain.Contains(tag, StringComparer.Ordinal):
                return tagged;
            case ConfigScalar { Tag: not null } tagged:
                Error(tagged, key, TagProblem(tagged, what), $"{expected}, without the tag");
                return null;
            case ConfigScalar { IsPlain: false } quoted:
                Error(quoted, key, $"{quoted.Describe()} is quoted, so YAML reads it as a string, not {what}", $"{expected}, without quotes");
                return null;
            case ConfigScalar scalar:
                return scalar;
            default:
                Error(node, key, $"{node.Describe()} is not {what}", expected);
                return null;
        }
    }

    private static string TagProblem(ConfigScalar scalar, string what) => scalar.TagMeaning is { } meaning
        ? $"{scalar.Describe()} is tagged {scalar.Tag}, so YAML reads it as {meaning}, not {what}"
        : $"{scalar.Describe()} has the tag {scalar.Tag}, which Warden does not read; it expects {what}";

    private static bool TryParseNumber(string text, out double value) => double.TryParse(
        text,
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
        CultureInfo.InvariantCulture,
        out value);
}

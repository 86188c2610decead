using System.Globalization;
using System.Text.RegularExpressions;

namespace Warden.Core.Configuration;

/// <summary>
/// A duration written as a whole number and a unit: <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>7d</c>,
/// <c>2w</c>. The one parser behind warden.yaml's durations (<c>cycle.interval</c>) and the command
/// line's ages and durations (<c>warden audit list --since 24h</c>, <c>warden drill --duration 2m</c>),
/// so a value means the same wherever it is written.
/// </summary>
internal static partial class ConfigDuration
{
    /// <summary>The units, for messages.</summary>
    public const string Units = "s, m, h, d or w";

    /// <summary>
    /// True when <paramref name="text"/> (trimmed) is written as a duration, whole number and unit,
    /// whether or not its value fits a <see cref="TimeSpan"/>.
    /// </summary>
    public static bool HasForm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Form().IsMatch(text.Trim());
    }

    /// <summary>
    /// The duration <paramref name="text"/> names: at most nine digits and one of s, m, h, d, w
    /// (surrounding white space ignored). False when it is not of that form or too large for a
    /// <see cref="TimeSpan"/>.
    /// </summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        if (Form().Match(text.Trim()) is not { Success: true } match)
        {
            return false;
        }

        var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => TimeSpan.FromDays(7),
        };
        if (amount > TimeSpan.MaxValue.Ticks / unit.Ticks)
        {
            return false;
        }

        duration = amount * unit;
        return true;
    }

    /// <summary>
    /// <paramref name="duration"/> in the largest of d, h, m and s that writes it as a whole number
    /// (<c>7d</c>, <c>90m</c>, <c>10s</c>), as messages and documentation write limits; a fraction
    /// of a second as seconds with decimals; zero as <c>0s</c>.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        foreach (var (unit, name) in (ReadOnlySpan<(TimeSpan, string)>)[(TimeSpan.FromDays(1), "d"), (TimeSpan.FromHours(1), "h"), (TimeSpan.FromMinutes(1), "m"), (TimeSpan.FromSeconds(1), "s")])
        {
            if (duration.Ticks % unit.Ticks == 0)
            {
                return (duration.Ticks / unit.Ticks).ToString(CultureInfo.InvariantCulture) + name;
            }
        }

        return duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) + "s";
    }

    [GeneratedRegex("^([0-9]{1,9})([smhdw])$")]
    private static partial Regex Form();
}

using System.Globalization;
using Warden.Core.Configuration;
using Warden.Core.Telemetry;

namespace Warden.Cli.Audit;

/// <summary>
/// Parses <c>--since</c>: an RFC 3339 time (<c>2026-11-22T08:00:00Z</c>, <c>2026-11-22T09:00:00+01:00</c>,
/// fractional seconds allowed), a date (<c>2026-11-22</c>, midnight UTC), or an age counted back
/// from now (<c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>).
/// </summary>
internal static class AuditTime
{
    /// <summary>The accepted forms, for help texts and error messages.</summary>
    public const string Forms = "an RFC 3339 time (2026-11-22T08:00:00Z or 2026-11-22T09:00:00+01:00), a date (2026-11-22, midnight UTC), or an age such as 90s, 30m, 24h, 7d, 2w";

    /// <summary>The time <paramref name="text"/> names, relative forms counted back from <paramref name="now"/>.</summary>
    public static DateTimeOffset Parse(string text, DateTimeOffset now, string option)
    {
        var value = text.Trim();
        if (ConfigDuration.HasForm(value))
        {
            if (!TryParseAge(value, out var age) || now.UtcTicks - age.Ticks < DateTimeOffset.MinValue.UtcTicks)
            {
                throw Invalid(option, text);
            }

            return now - age;
        }

        if (Rfc3339.TryParse(value, out var time, out _))
        {
            return time.ToUniversalTime();
        }

        if (DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date.ToUniversalTime();
        }

        throw Invalid(option, text);
    }

    /// <summary>
    /// An age or a duration written as a whole number and a unit: <c>90s</c>, <c>30m</c>, <c>24h</c>,
    /// <c>7d</c>, <c>2w</c>. False when <paramref name="text"/> is not of that form or too large for a
    /// <see cref="TimeSpan"/>. The parser of warden.yaml's durations (<see cref="ConfigDuration"/>), so
    /// <c>--since 1h</c> and <c>cycle.interval: 1h</c> read alike.
    /// </summary>
    public static bool TryParseAge(string text, out TimeSpan age) => ConfigDuration.TryParse(text, out age);

    private static UserInputException Invalid(string option, string text) =>
        new($"{option} '{text}' is not a time; give {Forms}.");
}

namespace Warden.Core.Telemetry;

/// <summary>
/// Parses RFC 3339 date-times (<c>2026-11-20T10:00:00.123Z</c>, <c>...+01:00</c>) from UTF-8.
/// </summary>
/// <remarks>
/// Written out rather than delegated to <c>Utf8JsonReader.TryGetDateTimeOffset</c> because that
/// accepts ISO 8601 forms RFC 3339 forbids — a date alone, or a time without an offset, which
/// it reads in the machine's local time zone, so the same file would give different instants
/// on different machines. One parser also gives JSON and CSV the same rules and messages.
/// Fractional seconds beyond 7 digits (100 ns ticks) are truncated. Leap seconds (<c>:60</c>)
/// and offsets beyond ±14:00 cannot be represented by <see cref="DateTimeOffset"/> and are
/// rejected with that reason.
/// </remarks>
internal static class Rfc3339
{
    private const string Shape = "not in the form YYYY-MM-DDTHH:MM:SS";

    /// <summary>
    /// Parses <paramref name="text"/> (a command-line option, a YAML value) by the same rules as the
    /// UTF-8 form that files are read with; on failure <paramref name="reason"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(System.Text.Encoding.UTF8.GetBytes(text.Trim()), out value, out reason);
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="reason"/> says what is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value, out string? reason)
    {
        value = default;
        if (text.Length < 19
            || text[4] != (byte)'-' || text[7] != (byte)'-'
            || (text[10] | 0x20) != (byte)'t'
            || text[13] != (byte)':' || text[16] != (byte)':'
            || !TryDigits(text, 0, 4, out var year)
            || !TryDigits(text, 5, 2, out var month)
            || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour)
            || !TryDigits(text, 14, 2, out var minute)
            || !TryDigits(text, 17, 2, out var second))
        {
            reason = Shape;
            return false;
        }

        var pos = 19;
        long fractionTicks = 0;
        if (pos < text.Length && text[pos] == (byte)'.')
        {
            pos++;
            var digits = 0;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < text.Length && IsDigit(text[pos]))
            {
                if (digits < 7)
                {
                    scale /= 10;
                    fractionTicks += (text[pos] - '0') * scale;
                }

                digits++;
                pos++;
            }

            if (digits == 0)
            {
                reason = "no digits after the decimal point";
                return false;
            }
        }

        if (pos == text.Length)
        {
            reason = "no time zone; add Z or an offset such as +01:00";
            return false;
        }

        if (!TryOffset(text[pos..], out var offsetMinutes, out reason))
        {
            return false;
        }

        if (!TryRanges(year, month, day, hour, minute, second, out reason))
        {
            return false;
        }

        var localTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var offsetTicks = offsetMinutes * TimeSpan.TicksPerMinute;
        var utcTicks = localTicks - offsetTicks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            reason = "outside the years 0001–9999 in UTC";
            return false;
        }

        value = new DateTimeOffset(localTicks, new TimeSpan(offsetTicks));
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<byte> zone, out int offsetMinutes, out string? reason)
    {
        offsetMinutes = 0;
        if (zone.Length == 1 && (zone[0] | 0x20) == (byte)'z')
        {
            reason = null;
            return true;
        }

        if (zone.Length != 6
            || (zone[0] != (byte)'+' && zone[0] != (byte)'-')
            || zone[3] != (byte)':'
            || !TryDigits(zone, 1, 2, out var hours)
            || !TryDigits(zone, 4, 2, out var minutes))
        {
            reason = "the time zone is not Z or an offset such as +01:00";
            return false;
        }

        if (minutes > 59 || hours * 60 + minutes > 14 * 60)
        {
            reason = "offset beyond ±14:00";
            return false;
        }

        offsetMinutes = (hours * 60 + minutes) * (zone[0] == (byte)'-' ? -1 : 1);
        reason = null;
        return true;
    }

    private static bool TryRanges(int year, int month, int day, int hour, int minute, int second, out string? reason)
    {
        reason = year == 0 ? "year 0000 is out of range"
            : month is < 1 or > 12 ? $"month {month:00} is out of range"
            : day < 1 || day > DateTime.DaysInMonth(year, month) ? $"day {day:00} is out of range for {year:0000}-{month:00}"
            : hour > 23 ? $"hour {hour:00} is out of range"
            : minute > 59 ? $"minute {minute:00} is out of range"
            : second == 60 ? "leap second :60 is not supported"
            : second > 59 ? $"second {second:00} is out of range"
            : null;
        return reason is null;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(text[i]))
            {
                return false;
            }

            value = value * 10 + (text[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}

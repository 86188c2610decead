using System.Globalization;
using Warden.Core.Telemetry;

namespace Warden.Cli.Registry;

/// <summary>How registry and checkpoint commands print times, hashes and sizes.</summary>
internal static class CliText
{
    /// <summary>UTC to the second: <c>2026-11-22T10:15:00Z</c>.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>First 12 hex digits, enough to tell hashes apart in a table.</summary>
    public static string Short(string? sha256) => sha256 is null ? "-" : sha256.Length > 12 ? sha256[..12] : sha256;

    /// <summary>A number with up to <paramref name="decimals"/> decimals, invariant.</summary>
    public static string Number(double value, int decimals = 3) => Math.Round(value, decimals).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>--at</c>: an RFC 3339 date-time with Z or an offset, by Core's one RFC 3339 parser.</summary>
    public static DateTimeOffset ParseTime(string text, string option)
    {
        if (!Rfc3339.TryParse(text, out var value, out var reason))
        {
            throw new UserInputException($"{option} '{text}' is not an RFC 3339 date-time ({reason}); write it like 2026-11-17T03:12:00Z (Z or an offset such as +01:00 is required).");
        }

        return value.ToUniversalTime();
    }
}

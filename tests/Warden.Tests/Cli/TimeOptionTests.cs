using Warden.Cli;
using Warden.Cli.Audit;
using Warden.Cli.Registry;
using Warden.Core.Telemetry;

namespace Warden.Tests.Cli;

/// <summary>
/// <c>--at</c>, <c>--since</c> and the times inside files go through Core's one RFC 3339 parser:
/// the same text gives the same instant, or the same refusal, everywhere.
/// </summary>
public sealed class TimeOptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-22T08:00:00Z", "2026-11-22T08:00:00.0000000+00:00")]
    [InlineData("2026-11-22t08:00:00z", "2026-11-22T08:00:00.0000000+00:00")]
    [InlineData("2026-11-22T09:00:00+01:00", "2026-11-22T08:00:00.0000000+00:00")]
    [InlineData("2026-11-22T08:00:00.25Z", "2026-11-22T08:00:00.2500000+00:00")]
    public void ParseTime_Rfc3339_SameInstantForAtSinceAndFiles(string text, string expected)
    {
        Assert.True(Rfc3339.TryParse(text, out var file, out _));
        var at = CliText.ParseTime(text, "--at");
        var since = AuditTime.Parse(text, Now, "--since");

        Assert.Equal(expected, at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(at, since);
        Assert.Equal(at, file.ToUniversalTime());
    }

    [Theory]
    [InlineData("2026-11-22T08:00:00")]
    [InlineData("2026-11-22 08:00:00Z")]
    [InlineData("22/11/2026 08:00Z")]
    public void ParseTime_NotRfc3339_RefusedByAtAndByFiles(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _, out _));
        var ex = Assert.Throws<UserInputException>(() => CliText.ParseTime(text, "--at"));
        Assert.StartsWith($"--at '{text}' is not an RFC 3339 date-time (", ex.Message);
    }
}

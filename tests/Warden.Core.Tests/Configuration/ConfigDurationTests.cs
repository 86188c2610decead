using Warden.Core.Configuration;

namespace Warden.Core.Tests.Configuration;

/// <summary>
/// The one duration parser of warden.yaml and the command line: each unit, the largest amount,
/// the overflow edge, and the forms it refuses; and the writing of limits in messages.
/// </summary>
public sealed class ConfigDurationTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("24h", 86_400)]
    [InlineData("7d", 604_800)]
    [InlineData("2w", 1_209_600)]
    [InlineData(" 1h ", 3600)] // surrounding white space is ignored, as the CLI always did
    [InlineData("007m", 420)]
    [InlineData("999999999s", 999_999_999)] // nine digits, the most the form allows
    public void TryParse_WholeNumberAndUnit_Duration(string text, long seconds)
    {
        Assert.True(ConfigDuration.TryParse(text, out var duration));
        Assert.True(ConfigDuration.HasForm(text));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("1H")]
    [InlineData("1 h")]
    [InlineData("1000000000s")] // ten digits
    [InlineData("1y")]
    [InlineData("")]
    public void TryParse_OtherForm_False(string text)
    {
        Assert.False(ConfigDuration.TryParse(text, out var duration));
        Assert.False(ConfigDuration.HasForm(text));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Fact]
    public void TryParse_BeyondTimeSpan_FalseThoughOfTheForm()
    {
        // TimeSpan.MaxValue is 10675199 days 02:48:05.4775807 (Ticks 9223372036854775807), so
        // 1525028 weeks (10675196 days) fit and 1525029 weeks (10675203 days) do not.
        Assert.True(ConfigDuration.TryParse("1525028w", out var fits));
        Assert.Equal(TimeSpan.FromDays(10_675_196), fits);
        Assert.False(ConfigDuration.TryParse("1525029w", out _));
        Assert.True(ConfigDuration.HasForm("1525029w"));
    }

    [Theory]
    [InlineData(10, "10s")]
    [InlineData(90, "90s")]
    [InlineData(5400, "90m")]
    [InlineData(3600, "1h")]
    [InlineData(604_800, "7d")]
    [InlineData(0, "0s")]
    [InlineData(1.5, "1.5s")]
    public void Format_LargestWholeUnit(double seconds, string text) =>
        Assert.Equal(text, ConfigDuration.Format(TimeSpan.FromSeconds(seconds)));
}

using Warden.Core.Telemetry;

namespace Warden.Core.Tests.Telemetry;

public sealed class TelemetryFormatsTests
{
    [Theory]
    [InlineData("requests.jsonl", true, TelemetryFormat.JsonLines)]
    [InlineData("/data/requests.NDJSON", true, TelemetryFormat.JsonLines)]
    [InlineData("s3://bucket/day.json", true, TelemetryFormat.JsonLines)]
    [InlineData("C:\\logs\\requests.Csv", true, TelemetryFormat.Csv)]
    [InlineData("requests.csv.gz", false, TelemetryFormat.JsonLines)]
    [InlineData("requests.jsonl.gz", false, TelemetryFormat.JsonLines)]
    [InlineData("requests.txt", false, TelemetryFormat.JsonLines)]
    [InlineData("requests", false, TelemetryFormat.JsonLines)]
    public void TryFromPath_Extension_PicksFormat(string path, bool known, TelemetryFormat expected)
    {
        Assert.Equal(known, TelemetryFormats.TryFromPath(path, out var format));
        Assert.Equal(expected, format);
    }
}

using System.Globalization;

namespace Warden.Tests.Dashboard;

public sealed partial class DashboardBrowserTests
{
    // A browser in Kolkata (UTC+05:30 all year, no daylight saving, so the offset is the same on
    // every day the suite runs) shows each audit event's time as its local clock time, with the UTC
    // instant in datetime= and on hover; the instant is the API's, to the second.
    [Theory]
    [InlineData("Asia/Kolkata", 330)]
    [InlineData("UTC", 0)]
    public async Task Times_BrowserTimeZone_LocalClockShownUtcOnHover(string timeZone, int offsetMinutes)
    {
        var held = fixture.Held;
        var token = held.Token(Viewer, "viewer");
        await using var tab = await SignedInAsync(Viewer, "viewer", timeZone, "en-GB");
        await tab.Session.ShowAsync(View("audit"));

        var row = tab.Page.Locator("tr[data-event]").First;
        await row.WaitForAsync();
        var id = await row.GetAttributeAsync("data-event");
        var shown = row.Locator("time");
        var datetime = await shown.GetAttributeAsync("datetime");
        var title = await shown.GetAttributeAsync("title");
        var text = await shown.InnerTextAsync();

        var events = (await held.GetJsonAsync("api/v1/audit?limit=100000", token))["events"]!.AsArray();
        var recorded = events.Single(e => e!["id"]!.GetValue<string>() == id)!["time"]!.GetValue<string>();
        var instant = DateTimeOffset.Parse(recorded, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        var utc = DateTimeOffset.Parse(datetime!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.Equal(instant.ToUnixTimeMilliseconds(), utc.ToUnixTimeMilliseconds());
        Assert.Equal(instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC", title);
        var local = instant.ToOffset(TimeSpan.FromMinutes(offsetMinutes)).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.True(text.EndsWith(local, StringComparison.Ordinal), $"{id} at {recorded}: the page shows '{text}', expected it to end with {local} ({timeZone})");
    }
}

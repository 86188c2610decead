using System.Globalization;
using System.Text.Json.Nodes;

namespace Warden.Tests.Dashboard;

public sealed partial class DashboardBrowserTests
{
    // The candidate's verdict card against `GET /api/v1/verdicts/ranker/{deployment}`: the outcome,
    // each reviewer's vote, and every check's observed value with both ends of its CI95, as the
    // numbers the page drew (data-value, data-ci-low, data-ci-high) equal to the recorded report's.
    [Fact]
    public async Task Verdicts_SignedIn_VotesAndIntervalsMatchApi()
    {
        var held = fixture.Held;
        var token = held.Token(Viewer, "viewer");
        await using var tab = await SignedInAsync(Viewer, "viewer");
        await tab.Session.ShowAsync(View("verdicts"));

        var card = tab.Page.Locator("article.verdict[data-candidate=\"v2\"]").First;
        await card.WaitForAsync();
        var deployment = await card.GetAttributeAsync("data-deployment");
        var shown = await held.GetJsonAsync($"api/v1/verdicts/ranker/{deployment}", token);
        var report = shown["deployment_verdict"] ?? throw new Xunit.Sdk.XunitException($"{deployment}: no deployment_verdict in {shown.ToJsonString()}");

        Assert.Equal(shown["verdict"]!["outcome"]!.GetValue<string>(), await card.Locator("[data-field=\"verdict.outcome\"]").GetAttributeAsync("data-value"));

        var votes = report["votes"]!.AsArray();
        Assert.Equal(6, votes.Count);
        Assert.Equal(6, await card.Locator("tr[data-reviewer]").CountAsync());
        foreach (var vote in votes)
        {
            var reviewer = vote!["reviewer"]!.GetValue<string>();
            var cell = card.Locator($"tr[data-reviewer=\"{reviewer}\"] [data-field=\"verdict.vote\"]");
            Assert.Equal(vote["vote"]!.GetValue<string>(), await cell.GetAttributeAsync("data-value"));
        }

        var checks = report["checks"]!.AsArray();
        Assert.NotEmpty(checks);
        foreach (var check in checks)
        {
            var id = check!["id"]!.GetValue<string>();
            var cell = card.Locator($"tr[data-check=\"{id}\"] [data-field=\"check.observed\"]");
            var observed = check["observed"];
            foreach (var (attribute, member) in new[] { ("data-value", "value"), ("data-ci-low", "ci_low"), ("data-ci-high", "ci_high") })
            {
                var page = await cell.GetAttributeAsync(attribute);
                var api = observed?[member];
                Assert.True(SameNumber(page, api), $"{deployment} {id} {member}: the page has {attribute}='{page}', the API {api?.ToJsonString() ?? "null"}");
            }
        }
    }

    // A JavaScript number printed by String(x) parses back to the same double (both print the
    // shortest round-trip form); an absent number is an empty attribute.
    private static bool SameNumber(string? page, JsonNode? api) =>
        api is null || api.GetValueKind() == System.Text.Json.JsonValueKind.Null
            ? page == string.Empty
            : double.TryParse(page, NumberStyles.Float, CultureInfo.InvariantCulture, out var shown) && shown == api.GetValue<double>();
}

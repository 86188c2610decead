using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Warden.Samples.DashboardShots;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Warden.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium, headless, through Playwright) against a real
/// <c>warden serve</c> with a rollout in its canary step: sign-in and refusal, the numbers shown
/// against the API's, the roles' buttons, a pause from the page, and a rollback that reaches an open
/// page without a reload. Each run writes a full-page screenshot of every view to
/// <c>$WARDEN_TEST_RESULTS/dashboard/</c> (<see cref="DashboardFixture.ScreenshotFolder"/>).
/// </summary>
public sealed partial class DashboardBrowserTests(DashboardFixture fixture, ITestOutputHelper output) : IClassFixture<DashboardFixture>
{
    private const string Operator = "dash-operator";
    private const string Viewer = "dash-viewer";

    [Fact]
    public async Task SignIn_OperatorToken_ShowsEveryViewAndWritesScreenshots()
    {
        var held = fixture.Held;
        await using var tab = await DashboardTab.OpenAsync(fixture.Browser, held.Dashboard);
        var signIn = await tab.Session.SignInAsync(held.Token(Operator, "operator"));
        Assert.True(signIn.SignedIn, $"sign-in refused: {signIn.Text}; {tab.Describe()}");
        Assert.Equal($"{Operator} · operator", signIn.Text);
        await Expect(tab.Page.Locator("[data-testid=\"live\"]")).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });

        // The default view, then every view through its link; each one's data rendered before its screenshot.
        await tab.Session.WaitForReadyAsync(DashboardView.All[0]);
        var files = await tab.Session.ShootEveryViewAsync(DashboardFixture.ScreenshotFolder);
        Assert.Equal(DashboardView.All.Select(v => v.Name + ".png"), files.Select(Path.GetFileName));
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 10_000, $"{f}: {new FileInfo(f).Length} bytes"));
        await Expect(tab.Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Views" }).Locator("[aria-current=\"page\"]")).ToHaveTextAsync(DashboardView.All[^1].Link);

        output.WriteLine($"screenshots: {string.Join(", ", files)}");
        Assert.True(!tab.Errors.Any(e => e.StartsWith("page error", StringComparison.Ordinal)), tab.Describe());
    }

    [Fact]
    public async Task SignIn_WrongToken_ShowsApiDetailAndNoData()
    {
        var held = fixture.Held;
        var real = held.Token(Viewer, "viewer");
        var wrong = real[..^1] + (real[^1] == 'A' ? 'B' : 'A');
        using var refused = await held.SendAsync(HttpMethod.Get, "api/v1/whoami", wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var detail = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();

        await using var tab = await DashboardTab.OpenAsync(fixture.Browser, held.Dashboard);
        var signIn = await tab.Session.SignInAsync(wrong);
        Assert.False(signIn.SignedIn, $"signed in with a wrong token as {signIn.Text}");
        Assert.Contains(detail, signIn.Text, StringComparison.Ordinal);
        await Expect(tab.Page.Locator("form#signin")).ToBeVisibleAsync();
        await AssertNoDataAsync(tab);
    }

    [Fact]
    public async Task Views_NoToken_SignInOnlyAndNoDataCallSucceeds()
    {
        await using var tab = await DashboardTab.OpenAsync(fixture.Browser, fixture.Held.Dashboard);
        foreach (var view in DashboardView.All)
        {
            await tab.Page.GotoAsync(new Uri(fixture.Held.Dashboard, "/" + view.Hash).ToString());
            await Expect(tab.Page.Locator("form#signin")).ToBeVisibleAsync();
            await Expect(tab.Page.GetByLabel("API token")).ToBeEditableAsync();
        }

        // Give a page that would read data without a token the time to try.
        await tab.Page.WaitForTimeoutAsync(1000);
        await AssertNoDataAsync(tab);
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => Object.keys(sessionStorage).map(k => sessionStorage.getItem(k)).find(v => v && v.startsWith('wdn_')) ?? null"));
    }

    [Fact]
    public async Task Views_SignedIn_NumbersMatchApi()
    {
        var held = fixture.Held;
        var token = held.Token(Viewer, "viewer");
        await using var tab = await SignedInAsync(Viewer, "viewer");

        await tab.Session.ShowAsync(View("services"));
        async Task<JsonNode> Route() => (await held.GetJsonAsync("api/v1/routes", token))["services"]!.AsArray().Single(r => r!["service"]!.GetValue<string>() == "ranker")!;
        await AssertShowsAsync(tab, Field("ranker", "route.production"), async () => Text((await Route())["production"]), "route.production");
        await AssertShowsAsync(tab, Field("ranker", "route.canary"), async () => Text((await Route())["canary"]), "route.canary");
        await AssertShowsAsync(tab, Field("ranker", "route.weight"), async () => Text((await Route())["canary_weight"]), "route.weight");

        await tab.Session.ShowAsync(View("rollouts"));
        async Task<JsonNode> Rollout() => (await held.GetJsonAsync("api/v1/rollouts/ranker/status", token))["rollout"]!;
        await AssertShowsAsync(tab, Field("ranker", "rollout.phase"), async () => Text((await Rollout())["phase"]), "rollout.phase");
        await AssertShowsAsync(tab, Field("ranker", "rollout.step"), async () => Text((await Rollout())["step"]), "rollout.step");
        await AssertShowsAsync(tab, Field("ranker", "rollout.weight"), async () => Text((await Rollout())["weight_percent"]), "rollout.weight");
        await AssertShowsAsync(tab, Field("ranker", "rollout.candidate"), async () => Text((await Rollout())["candidate"]), "rollout.candidate");
        Assert.Equal("canary", Text((await Rollout())["phase"]));

        await tab.Session.ShowAsync(View("audit"));
        await AssertShowsAsync(tab, "[data-field=\"audit.head\"]", async () => Text((await held.GetJsonAsync("api/v1/audit/head", token))["head"]!["id"]), "audit.head");
        await AssertShowsAsync(tab, "[data-field=\"audit.verify\"]", () => Task.FromResult("intact"), "audit.verify");
    }

    // A tab on the held rollout's dashboard, signed in with the token named `name` (made once per
    // fixture with `role`; Held.Token gives the same one for the API calls a test compares with).
    private async Task<DashboardTab> SignedInAsync(string name, string role, string? timeZone = null, string? locale = null)
    {
        var tab = await DashboardTab.OpenAsync(fixture.Browser, fixture.Held.Dashboard, timeZone, locale);
        var signIn = await tab.Session.SignInAsync(fixture.Held.Token(name, role));
        if (!signIn.SignedIn)
        {
            var why = $"sign-in as {name} ({role}) refused: {signIn.Text}; {tab.Describe()}";
            await tab.DisposeAsync();
            Assert.Fail(why);
        }

        return tab;
    }

    private static DashboardView View(string name) => DashboardView.All.Single(v => v.Name == name);

    // A datum of one service: inside its row (data-service), or on the row itself.
    private static string Field(string service, string field) =>
        $"[data-service=\"{service}\"] [data-field=\"{field}\"], [data-service=\"{service}\"][data-field=\"{field}\"]";

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    // Polls until the page's data-value equals the API's (both read again each time: the page follows the
    // API a moment later). Numbers compare as numbers (50 = 50.0), everything else as text.
    private static async Task AssertShowsAsync(DashboardTab tab, string selector, Func<Task<string>> api, string what)
    {
        string? shown = null;
        var expected = string.Empty;
        for (var i = 0; i < 40; i++)
        {
            expected = await api();
            var element = tab.Page.Locator(selector).First;
            shown = await element.CountAsync() > 0 ? await element.GetAttributeAsync("data-value") : null;
            if (Same(shown, expected))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{what}: the page shows data-value {(shown is null ? "(no element)" : $"'{shown}'")}, the API says '{expected}'; {tab.Describe()}");
    }

    private static bool Same(string? shown, string expected) =>
        shown is not null && (shown == expected
            || (double.TryParse(shown, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b));

    // Nothing the API answered the page was data: every /api/v1 call it made was refused, no datum is drawn, and the view is the sign-in form's.
    private static async Task AssertNoDataAsync(DashboardTab tab)
    {
        Assert.All(tab.ApiCalls, c => Assert.True(c.Status >= 400, $"{c} succeeded without a valid token; {tab.Describe()}"));
        Assert.Equal(0, await tab.Page.Locator("[data-field]").CountAsync());
        Assert.Equal("signin", await tab.Session.View.GetAttributeAsync("data-view"));
    }
}

using System.Globalization;
using Microsoft.Playwright;
using Warden.Tests.Guard;
using Warden.Tests.Rollouts;
using static Microsoft.Playwright.Assertions;

namespace Warden.Tests.Dashboard;

/// <summary>A rollback the live guard makes while the page is open reaches it over the event stream, without a reload.</summary>
public sealed partial class DashboardBrowserTests
{
    // What the page records in itself, from before the fault on: a marker a reload would wipe, and the
    // moment (Date.now(), the machine's clock as the store's) the banner and the rolled-back phase first showed.
    private const string WatchScript = """
        () => {
          window.__wardenMarker = 'set before the fault';
          window.__wardenSeen = { banner: null, phase: null };
          const look = () => {
            const banner = document.querySelector('[data-testid="rollback-banner"]');
            if (window.__wardenSeen.banner === null && banner && banner.checkVisibility() && banner.textContent.trim() !== '') {
              window.__wardenSeen.banner = Date.now();
            }
            const phase = document.querySelector('[data-service="ranker"] [data-field="rollout.phase"], [data-service="ranker"][data-field="rollout.phase"]');
            if (window.__wardenSeen.phase === null && phase && phase.getAttribute('data-value') === 'rolled_back') {
              window.__wardenSeen.phase = Date.now();
            }
          };
          new MutationObserver(look).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    [Fact]
    public async Task Rollback_GuardTripsWhilePageOpen_ShowsWithoutReload()
    {
        // A v2 of this test's own, crashed during a 50 % canary (as GuardProcessTests does): the guard
        // rolls back on backend_down. The held rollout of the other tests runs on the fixture's v2.
        using var v2 = await CandidateModelServer.StartAsync();
        await using var rig = await DashboardRig.StartAtCanaryAsync(fixture.Models, "[50]", DashboardFixture.Canary50, new RolloutRigOptions { V2 = v2.Url, StepMinSeconds = 60 });
        await using var tab = await DashboardTab.OpenAsync(fixture.Browser, rig.Dashboard);
        Assert.True((await tab.Session.SignInAsync(rig.Token(Viewer, "viewer"))).SignedIn, tab.Describe());
        await tab.Session.ShowAsync(View("rollouts"));
        await Expect(tab.Page.Locator(Field("ranker", "rollout.phase")).First).ToHaveAttributeAsync("data-value", "canary");
        await Expect(tab.Page.Locator("[data-testid=\"live\"]")).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        await tab.Page.EvaluateAsync(WatchScript);
        var loads = 0;
        tab.Page.Load += (_, _) => Interlocked.Increment(ref loads);
        var url = tab.Page.Url;

        // About 300 clean v2 answers in the step first, so that only the crash can trip the guard.
        for (var from = rig.Rig.Load.Ok; rig.Rig.Load.Ok - from < 600;)
        {
            await Task.Delay(50);
        }

        await v2.CrashAsync();
        await Expect(tab.Page.Locator("[data-testid=\"rollback-banner\"]")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
        await Expect(tab.Page.Locator(Field("ranker", "rollout.phase")).First).ToHaveAttributeAsync("data-value", "rolled_back", new LocatorAssertionsToHaveAttributeOptions { Timeout = 10_000 });
        // The banner names the service and, once the guard's rollback event is there too, the trigger.
        var banner = tab.Page.Locator("[data-testid=\"rollback-banner\"]");
        await Expect(banner).ToContainTextAsync("ranker");
        await Expect(banner).ToContainTextAsync("backend_down", new LocatorAssertionsToContainTextOptions { Timeout = 10_000 });

        // No navigation: the same document (the marker survived, no load event) on the same address.
        Assert.Equal("set before the fault", await tab.Page.EvaluateAsync<string>("() => window.__wardenMarker"));
        Assert.Equal(0, loads);
        Assert.Equal(url, tab.Page.Url);
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotFolder, "rollouts-rolled-back.png"), FullPage = true });

        // How long after the store recorded the rollback the page showed it.
        var recorded = rig.Rig.Audit("rollout:ranker").Single(e => e["action"]!.GetValue<string>() == "rollout.rollback");
        var recordedAt = DateTimeOffset.Parse(recorded["time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var bannerMs = await MillisecondsAfterAsync(tab, "banner", recordedAt);
        var phaseMs = await MillisecondsAfterAsync(tab, "phase", recordedAt);
        output.WriteLine($"rollback recorded at {recordedAt:O} ({recorded["id"]}); banner shown {bannerMs:0} ms later, rollout.phase rolled_back {phaseMs:0} ms later");
        Assert.True(bannerMs <= 1000, $"the banner showed {bannerMs:0} ms after the store recorded the rollback; the issue asks for 1 s");
    }

    // When the page first showed it (Date.now() in the page), in ms after the store recorded the rollback.
    private static async Task<double> MillisecondsAfterAsync(DashboardTab tab, string what, DateTimeOffset recordedAt)
    {
        var seen = await tab.Page.EvaluateAsync<double?>($"() => window.__wardenSeen.{what}");
        Assert.True(seen is not null, $"the page never recorded when its {what} showed; {tab.Describe()}");
        return (DateTimeOffset.FromUnixTimeMilliseconds((long)seen.Value) - recordedAt).TotalMilliseconds;
    }
}

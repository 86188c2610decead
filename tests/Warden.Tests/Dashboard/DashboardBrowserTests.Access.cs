using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Warden.Samples.DashboardShots;
using static Microsoft.Playwright.Assertions;

namespace Warden.Tests.Dashboard;

/// <summary>
/// "Accessible: real buttons and labels, keyboard navigation, sufficient contrast" (issue 19),
/// checked rather than hoped: axe-core (Deque's engine, the one browser devtools' audits run) on
/// every view against WCAG 2.x A and AA — colour contrast of 4.5:1 among its rules — and the page
/// driven with the keyboard alone.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task EveryView_Axe_NoWcagAViolations()
    {
        var held = fixture.Held;
        await using var tab = await DashboardTab.OpenAsync(fixture.Browser, held.Dashboard);

        // The sign-in form first, then every view signed in as an operator (its buttons drawn).
        await OpenSignInAsync(tab);
        var found = new List<string>();
        found.AddRange(Describe("signin", await AxeAsync(tab.Page)));
        Assert.True((await tab.Session.SignInAsync(held.Token(Operator, "operator"))).SignedIn, tab.Describe());
        foreach (var view in DashboardView.All)
        {
            await tab.Session.ShowAsync(view);
            found.AddRange(Describe(view.Name, await AxeAsync(tab.Page)));
        }

        Assert.True(found.Count == 0, "axe-core found WCAG 2 A/AA violations:\n" + string.Join("\n", found));
    }

    [Fact]
    public async Task Keyboard_TabToNavigationAndEnter_SwitchesViewWithVisibleFocus()
    {
        var held = fixture.Held;
        await using var tab = await DashboardTab.OpenAsync(fixture.Browser, held.Dashboard);

        // Sign in with the keyboard alone: the token field takes focus by Tab, Enter submits.
        await OpenSignInAsync(tab);
        var field = tab.Page.GetByLabel("API token");
        for (var i = 0; i < 5 && !await field.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
        }

        await Expect(field).ToBeFocusedAsync();
        await tab.Page.Keyboard.TypeAsync(held.Token(Viewer, "viewer"));
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.Session.WaitForReadyAsync(DashboardView.All[0]);

        // Tab forward until the Guard link has focus (bounded: a trap or a missing link fails).
        var guard = tab.Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Views" }).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Guard", Exact = true });
        var reached = false;
        for (var i = 0; i < 20 && !reached; i++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
            reached = await guard.EvaluateAsync<bool>("e => e === document.activeElement");
        }

        Assert.True(reached, "20 presses of Tab never reached the Guard link; " + tab.Describe());

        // The focused link shows it: an outline (or a ring drawn as a box shadow) of its own.
        var ring = await guard.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline ' + s.outlineWidth : (s.boxShadow !== 'none' ? 'shadow ' + s.boxShadow : ''); }");
        Assert.False(string.IsNullOrEmpty(ring), "the focused Guard link has no visible focus indicator (outline or box-shadow)");

        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.Session.WaitForReadyAsync(DashboardView.All.Single(v => v.Name == "guard"));
        await Expect(guard).ToHaveAttributeAsync("aria-current", "page");
    }

    private static async Task OpenSignInAsync(DashboardTab tab)
    {
        await tab.Page.GotoAsync(tab.Session.Dashboard.ToString());
        await tab.Page.Locator("form#signin").WaitForAsync();
    }

    private static Task<AxeResult> AxeAsync(IPage page) =>
        page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });

    // One line per violation and element: where, which rule, why, and the element's markup.
    private static IEnumerable<string> Describe(string where, AxeResult result) =>
        result.Violations.SelectMany(v => v.Nodes.Select(n => $"  {where}: {v.Id} ({v.Impact}): {v.Help} — {n.Target} {n.Html} {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"));
}

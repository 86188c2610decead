using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Warden.Tests.Dashboard;

/// <summary>What each role sees and may do: the viewer no operator button (and the API refuses it anyway); the operator's Pause.</summary>
public sealed partial class DashboardBrowserTests
{
    private static readonly string[] RolloutButtons = ["Pause", "Resume", "Promote", "Abort", "Approve"];

    [Fact]
    public async Task RolloutButtons_Viewer_NoneDrawnAndApiRefusesPause()
    {
        var held = fixture.Held;
        var token = held.Token(Viewer, "viewer");
        await using var tab = await SignedInAsync(Viewer, "viewer");
        Assert.Equal($"{Viewer} · viewer", await tab.Page.Locator("[data-testid=\"whoami\"]").InnerTextAsync());
        await tab.Session.ShowAsync(View("rollouts"));
        await Expect(tab.Page.Locator(Field("ranker", "rollout.phase")).First).ToHaveAttributeAsync("data-value", "canary");

        foreach (var name in RolloutButtons)
        {
            Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = true }).CountAsync());
        }

        // The page draws no button, and the API would refuse the call anyway.
        using var answer = await held.SendAsync(HttpMethod.Post, "api/v1/rollouts/ranker/pause", token);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"POST pause as the viewer answered {(int)answer.StatusCode}: {body}");
        Assert.Contains("needs the operator role", JsonNode.Parse(body)!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(held.Rig.Audit("rollout:ranker"), e => e["actor"]!.GetValue<string>() == Viewer);
    }

    [Fact]
    public async Task PauseButton_Operator_PausesRolloutUnderTokenName()
    {
        var held = fixture.Held;
        var token = held.Token(Operator, "operator");
        await using var tab = await SignedInAsync(Operator, "operator");
        await tab.Session.ShowAsync(View("rollouts"));
        await Expect(tab.Page.Locator(Field("ranker", "rollout.phase")).First).ToHaveAttributeAsync("data-value", "canary");

        // The operator's buttons, and none of the approver's.
        var pause = tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Pause", Exact = true });
        await Expect(pause).ToBeEnabledAsync();
        await Expect(tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Abort", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Promote", Exact = true }).CountAsync());
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Approve", Exact = true }).CountAsync());

        var before = held.Rig.Audit().Count;
        await pause.ClickAsync();
        try
        {
            await Expect(tab.Page.Locator("[role=\"status\"]").Filter(new LocatorFilterOptions { HasTextRegex = new("\\S") }).First).ToBeVisibleAsync();

            // Through the API: the rollout is paused.
            var rollout = await PollAsync(
                async () => (await held.GetJsonAsync("api/v1/rollouts/ranker/status", token))["rollout"]!,
                r => r["paused"]!.GetValue<bool>(),
                TimeSpan.FromSeconds(10));
            Assert.True(rollout["paused"]!.GetValue<bool>(), $"not paused after the click: {rollout.ToJsonString()}; {tab.Describe()}");

            // Through the audit log: one rollout.pause since the click, under the operator token's name.
            var pauses = held.Rig.Audit().Skip(before).Where(e => e["action"]!.GetValue<string>() == "rollout.pause").ToList();
            var paused = Assert.Single(pauses);
            Assert.Equal(Operator, paused["actor"]!.GetValue<string>());
            Assert.Equal("rollout:ranker", paused["subject"]!.GetValue<string>());

            // The page followed: Resume now, Pause no more.
            await Expect(tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Resume", Exact = true })).ToBeEnabledAsync();
            var stillPause = tab.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Pause", Exact = true });
            Assert.True(await stillPause.CountAsync() == 0 || await stillPause.IsDisabledAsync(), "Pause is still offered on a paused rollout");
        }
        finally
        {
            // The other tests find the held rollout as it was (a resume is a no-op on a running rollout: it refuses).
            using var _ = await held.SendAsync(HttpMethod.Post, "api/v1/rollouts/ranker/resume", token);
        }
    }

    // Reads until the answer satisfies the condition or the time is up; returns the last answer.
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = await read();
        while (!done(last) && clock.Elapsed < timeout)
        {
            await Task.Delay(200);
            last = await read();
        }

        return last;
    }
}

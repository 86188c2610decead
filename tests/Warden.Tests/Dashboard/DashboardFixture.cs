using Microsoft.Playwright;
using Warden.Samples.DashboardShots;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Dashboard;

/// <summary>
/// What the dashboard's browser tests share: one Chromium (Debian's, headless) for the class, the
/// reference model servers, and a rig whose rollout of ranker v2 is held at a 50 % canary step for
/// longer than the class runs (a step of 10 minutes at least), so that every test finds the same
/// state to read and the buttons it takes. A test that changes the state for good (a rollback) starts
/// a rig of its own on <see cref="Models"/>; each test opens its own browser context.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>ranker's route at the held step: production v1, canary v2 at 50 %, no shadow.</summary>
    internal const string Canary50 = "v1|v2|50|-";

    private IPlaywright? _playwright;

    /// <summary>The reference model servers v1 and v2 (v2 with its fault endpoints).</summary>
    public ModelServerPair Models { get; } = new();

    /// <summary>The browser every test of the class opens its contexts in.</summary>
    internal IBrowser Browser { get; private set; } = null!;

    /// <summary>The rig with the held canary.</summary>
    internal DashboardRig Held { get; private set; } = null!;

    /// <summary>
    /// Where screenshots go: <c>$WARDEN_TEST_RESULTS/dashboard</c> (test.sh sets it to TestResults/ at the
    /// repository's root), else <c>TestResults/dashboard</c> under the repository.
    /// </summary>
    internal static string ScreenshotFolder =>
        Path.Combine(Environment.GetEnvironmentVariable("WARDEN_TEST_RESULTS") is { Length: > 0 } results ? results : Path.Combine(RepoPaths.Root, "TestResults"), "dashboard");

    public async Task InitializeAsync()
    {
        Assert.True(DebianChromium.IsInstalled, $"Chromium is not installed at {DebianChromium.ExecutablePath}: {DebianChromium.InstallHint} (test.sh does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
        await Models.InitializeAsync();
        Held = await DashboardRig.StartAtCanaryAsync(Models, "[{ weight: 50, min_seconds: 600, max_seconds: 1200 }]", Canary50);
    }

    public async Task DisposeAsync()
    {
        if (Held is not null)
        {
            await Held.DisposeAsync();
        }

        await Models.DisposeAsync();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

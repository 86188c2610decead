using Microsoft.Playwright;

namespace Warden.Samples.DashboardShots;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>) driven by Playwright: the one browser the
/// dashboard's tests and screenshots use. Playwright's own browser builds are never downloaded
/// (they come from a CDN this project does not depend on); <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>
/// points Playwright at the system's binary instead. Playwright gives every launch a fresh, temporary
/// user-data directory of its own (and deletes it on close), so no profile, cache or cookie outlives a run.
/// </summary>
internal static class DebianChromium
{
    /// <summary>Where Debian's <c>chromium</c> package puts its launcher.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>What to tell someone who does not have it.</summary>
    public const string InstallHint = "install it with 'apt-get install -y chromium' (as root)";

    /// <summary>
    /// Headless, no sandbox (tests and demos run as root in containers, where Chromium's sandbox cannot
    /// start), no GPU, and nothing that talks to the network on its own: no QUIC, no first-run page,
    /// no background fetches, component updates or sync. The page under test is the only traffic.
    /// </summary>
    public static readonly IReadOnlyList<string> Args =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    /// <summary>Whether the binary is there.</summary>
    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>Launches it headless with <see cref="Args"/>.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = [.. Args],
            Timeout = 30_000,
        });
}

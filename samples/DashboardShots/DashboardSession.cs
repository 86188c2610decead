using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Warden.Samples.DashboardShots;

/// <summary>
/// The dashboard in one browser tab, driven through the page's DOM contract (docs/dashboard.md):
/// the sign-in form, the views' links and <c>data-ready</c>, full-page screenshots. The dashboard's
/// browser tests and this sample's program both go through it, so the screenshots the demo writes
/// are taken the way the tests take theirs.
/// </summary>
internal sealed partial class DashboardSession(IPage page, Uri dashboard)
{
    /// <summary>How long a view may take to render its first data.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The tab.</summary>
    public IPage Page { get; } = page;

    /// <summary>The dashboard's address (<c>http://HOST:PORT/</c> of the admin listener).</summary>
    public Uri Dashboard { get; } = dashboard;

    /// <summary>The view element, <c>&lt;main id="view"&gt;</c>.</summary>
    public ILocator View => Page.Locator("main#view");

    /// <summary>
    /// Opens the dashboard and signs in with <paramref name="token"/>: the header's "NAME · ROLE"
    /// when the server took it, or the refusal's text (the API's detail) in <c>[role="alert"]</c>.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string token)
    {
        await Page.GotoAsync(Dashboard.ToString());
        var form = Page.Locator("form#signin");
        await form.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)ReadyTimeout.TotalMilliseconds });
        await Page.GetByLabel("API token").FillAsync(token);
        await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();

        // Either may be in the page empty or hidden before the answer: wait for one that shows text.
        var shown = new LocatorFilterOptions { HasTextRegex = NotBlank(), Visible = true };
        var whoami = Page.Locator("[data-testid=\"whoami\"]").Filter(shown);
        var alert = Page.Locator("[role=\"alert\"]").Filter(shown);
        await whoami.Or(alert).First.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)ReadyTimeout.TotalMilliseconds });
        if (await whoami.IsVisibleAsync())
        {
            return new SignInResult(true, (await whoami.InnerTextAsync()).Trim());
        }

        return new SignInResult(false, (await alert.First.InnerTextAsync()).Trim());
    }

    [GeneratedRegex(@"\S")]
    private static partial Regex NotBlank();

    /// <summary>Goes to <paramref name="view"/> through its link in the navigation and waits until its first data has rendered.</summary>
    public async Task ShowAsync(DashboardView view)
    {
        var nav = Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Views" });
        await nav.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = view.Link, Exact = true }).ClickAsync();
        await WaitForReadyAsync(view);
    }

    /// <summary>Waits until <c>&lt;main id="view"&gt;</c> shows <paramref name="view"/> with <c>data-ready="true"</c>.</summary>
    public Task WaitForReadyAsync(DashboardView view) =>
        Page.Locator($"main#view[data-view=\"{view.Name}\"][data-ready=\"true\"]")
            .WaitForAsync(new LocatorWaitForOptions { Timeout = (float)ReadyTimeout.TotalMilliseconds });

    /// <summary>Shows every view in turn and writes a full-page screenshot of each to <paramref name="folder"/>/VIEW.png; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> ShootEveryViewAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var view in DashboardView.All)
        {
            await ShowAsync(view);
            var file = Path.Combine(folder, view.Name + ".png");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            written.Add(file);
        }

        return written;
    }
}

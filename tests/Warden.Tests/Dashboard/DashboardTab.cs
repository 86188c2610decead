using System.Collections.Concurrent;
using Microsoft.Playwright;
using Warden.Samples.DashboardShots;

namespace Warden.Tests.Dashboard;

/// <summary>
/// One test's browser tab: a fresh context (no storage, cookies or cache from another test) with one
/// page on the dashboard, and a record of what the page did that a test asserts on or a failure
/// shows: every <c>/api/v1</c> answer (method, path, status) and every console error and uncaught exception.
/// </summary>
internal sealed class DashboardTab : IAsyncDisposable
{
    private readonly ConcurrentQueue<ApiCall> _calls = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private DashboardTab(IBrowserContext context, IPage page, Uri dashboard)
    {
        Context = context;
        Session = new DashboardSession(page, dashboard);
        page.Response += (_, response) =>
        {
            var url = new Uri(response.Url);
            if (url.AbsolutePath.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                _calls.Enqueue(new ApiCall(response.Request.Method, url.PathAndQuery, response.Status));
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue("page error: " + error);
    }

    /// <summary>The browser context (this tab's alone).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The dashboard in this tab.</summary>
    public DashboardSession Session { get; }

    /// <summary>The page.</summary>
    public IPage Page => Session.Page;

    /// <summary>Every answer the page got from <c>/api/v1</c> so far, oldest first.</summary>
    public IReadOnlyList<ApiCall> ApiCalls => [.. _calls];

    /// <summary>Console errors (<c>console: …</c>) and uncaught exceptions (<c>page error: …</c>) so far.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>Console errors and uncaught exceptions, and the API calls, for a failure message.</summary>
    public string Describe() =>
        $"page errors: [{string.Join("; ", _errors)}]; API calls: [{string.Join(", ", _calls.TakeLast(30))}]";

    /// <summary>
    /// Opens a tab in a fresh context of <paramref name="browser"/> (1440 × 900, the demo's size) on nothing
    /// yet, in the browser's own time zone and locale unless <paramref name="timeZone"/> and <paramref name="locale"/> are given.
    /// </summary>
    public static async Task<DashboardTab> OpenAsync(IBrowser browser, Uri dashboard, string? timeZone = null, string? locale = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            TimezoneId = timeZone,
            Locale = locale,
        });
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(15_000);
            return new DashboardTab(context, page, dashboard);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    /// <summary>One answer of the API to the page.</summary>
    internal sealed record ApiCall(string Method, string Path, int Status)
    {
        public override string ToString() => $"{Method} {Path} {Status}";
    }
}

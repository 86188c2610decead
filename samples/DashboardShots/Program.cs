using Microsoft.Playwright;
using Warden.Samples.DashboardShots;

// Screenshots of every view of Warden's dashboard, taken in Debian's Chromium the way the
// dashboard's browser tests take theirs (DashboardSession). demo.sh runs it while its server runs.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.Out.WriteLine(ShotsOptions.Usage);
    return 0;
}

var errors = new List<string>();
var options = ShotsOptions.Parse(args, Environment.GetEnvironmentVariable("WARDEN_TOKEN"), errors);
if (options is null)
{
    Console.Error.WriteLine($"error: {errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")} with the input:");
    errors.ForEach(e => Console.Error.WriteLine("  " + e));
    Console.Error.WriteLine(ShotsOptions.Usage);
    return 2;
}

if (!DebianChromium.IsInstalled)
{
    Console.Error.WriteLine($"error: Chromium is not installed at {DebianChromium.ExecutablePath}: {DebianChromium.InstallHint}. No browser is downloaded.");
    return 2;
}

// The page needs no token (it holds no data), so an answer here tells a wrong address from a refused token.
using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
{
    try
    {
        using var answer = await http.GetAsync(options.Url);
        if (!answer.IsSuccessStatusCode || answer.Content.Headers.ContentType?.MediaType != "text/html")
        {
            Console.Error.WriteLine($"error: {options.Url} answered {(int)answer.StatusCode} {answer.Content.Headers.ContentType?.MediaType ?? "(no content type)"}, not the dashboard's page; give warden serve's admin listener (--admin-urls, default {ShotsOptions.DefaultUrl}).");
            return 2;
        }
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        Console.Error.WriteLine($"error: cannot reach the dashboard at {options.Url} ({ex.Message}); start the server ('warden serve --config warden.yaml') or give its admin listener with --url.");
        return 2;
    }
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await DebianChromium.LaunchAsync(playwright);
await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
var session = new DashboardSession(await context.NewPageAsync(), options.Url);
try
{
    var signIn = await session.SignInAsync(options.Token);
    if (!signIn.SignedIn)
    {
        Console.Error.WriteLine($"error: the server refused the token in WARDEN_TOKEN: {signIn.Text}");
        return 2;
    }

    Console.Out.WriteLine($"signed in to {options.Url} as {signIn.Text}");
    foreach (var file in await session.ShootEveryViewAsync(options.OutputFolder))
    {
        Console.Out.WriteLine($"wrote {file}");
    }
}
catch (TimeoutException ex)
{
    var view = await session.View.GetAttributeAsync("data-view", new LocatorGetAttributeOptions { Timeout = 1000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
    Console.Error.WriteLine($"error: the dashboard did not render in time (view '{view ?? "?"}'): {ex.Message.Split('\n')[0]}");
    return 1;
}

return 0;

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Warden.Cli.Serve;

namespace Warden.Tests.Dashboard;

public sealed class DashboardOpeningTests
{
    [Fact]
    public async Task RunAsync_HealthFailsThenPasses_OpensOnlyAfterBothAnswer200()
    {
        var healthCalls = 0;
        await using var app = await ServerAsync(context =>
        {
            if (context.Request.Path == "/healthz")
            {
                // 503 three times, then alive.
                context.Response.StatusCode = Interlocked.Increment(ref healthCalls) <= 3 ? 503 : 200;
            }

            return Task.CompletedTask;
        });
        var root = new Uri(app.Urls.First() + "/");
        var opener = new RecordingOpener(() => Volatile.Read(ref healthCalls));
        using var handler = new SocketsHttpHandler();

        var opened = await DashboardOpening.RunAsync(root, new Uri(root, "healthz"), handler, opener, NullLogger.Instance, TimeProvider.System, CancellationToken.None);

        Assert.True(opened);
        var (url, healthCallsBefore) = Assert.Single(opener.Calls);
        Assert.Equal(root, url);
        Assert.Equal(4, healthCallsBefore);
    }

    [Fact]
    public async Task RunAsync_NeverHealthy_WarnsAndDoesNotOpen()
    {
        await using var app = await ServerAsync(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/healthz" ? 200 : 404;
            return Task.CompletedTask;
        });
        var root = new Uri(app.Urls.First() + "/");
        var opener = new RecordingOpener(() => 0);
        var logger = new ListLogger();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var handler = new SocketsHttpHandler();

        var running = DashboardOpening.RunAsync(root, new Uri(root, "healthz"), handler, opener, logger, time, CancellationToken.None);
        while (!running.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        Assert.False(await running);
        Assert.Empty(opener.Calls);
        var line = Assert.Single(logger.Lines);
        Assert.Equal(
            $"Warning Dashboard not opened: the health check did not pass within 10 s ({root.AbsoluteUri} answered 404); open {root.AbsoluteUri} in a browser yourself",
            line);
    }

    [Fact]
    public async Task RunAsync_OpenerMissing_WarnsWithTheReason()
    {
        await using var app = await ServerAsync(_ => Task.CompletedTask);
        var root = new Uri(app.Urls.First() + "/");
        var logger = new ListLogger();
        var opener = new SystemBrowserOpener(name => name == SystemBrowserOpener.Variable ? "/nonexistent/warden-test-browser" : null);
        using var handler = new SocketsHttpHandler();

        var opened = await DashboardOpening.RunAsync(root, new Uri(root, "healthz"), handler, opener, logger, TimeProvider.System, CancellationToken.None);

        Assert.False(opened);
        var line = Assert.Single(logger.Lines);
        Assert.StartsWith("Warning Dashboard not opened: cannot run /nonexistent/warden-test-browser (", line, StringComparison.Ordinal);
        Assert.EndsWith($"); set WARDEN_BROWSER to a browser command; open {root.AbsoluteUri} in a browser yourself", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8079", "http://127.0.0.1:8079/")]
    [InlineData("http://0.0.0.0:8079", "http://127.0.0.1:8079/")]
    [InlineData("http://[::]:8079", "http://[::1]:8079/")]
    [InlineData("https://admin.example:9443", "https://admin.example:9443/")]
    public void Url_AdminAddress_BrowserReachableRoot(string admin, string expected) =>
        Assert.Equal(expected, DashboardOpening.Url([admin]).AbsoluteUri);

    private static async Task<WebApplication> ServerAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return app;
    }

    private sealed class RecordingOpener(Func<int> healthCalls) : IBrowserOpener
    {
        public List<(Uri Url, int HealthCallsBefore)> Calls { get; } = [];

        public string Name => "recording";

        public string? Open(Uri url)
        {
            Calls.Add((url, healthCalls()));
            return null;
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add($"{logLevel} {formatter(state, exception)}");
    }
}

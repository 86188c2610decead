using Microsoft.Extensions.Time.Testing;
using Warden.Cli;
using Warden.Tests.Support;

namespace Warden.Tests.Cli;

public sealed class ReadProgressTests
{
    [Fact]
    public void Report_BeforeOneSecond_DrawsNothing()
    {
        var (progress, error, clock) = Create();
        clock.Advance(TimeSpan.FromMilliseconds(900));
        progress.Report(500);
        progress.Dispose();
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public void Report_AfterOneSecond_DrawsShareAndThrottles()
    {
        var (progress, error, clock) = Create();
        clock.Advance(TimeSpan.FromSeconds(1.5));
        progress.Report(250_000);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        progress.Report(260_000); // within 200 ms of the last draw: skipped
        clock.Advance(TimeSpan.FromMilliseconds(300));
        progress.Report(500_000);
        progress.Dispose();
        var text = error.ToString();
        Assert.Contains("reading requests.jsonl:  25.0 % (0.3 MB of 1.0 MB) 1.5 s", text);
        Assert.Contains(" 50.0 % (0.5 MB of 1.0 MB) 1.9 s", text);
        Assert.DoesNotContain(" 26.0 %", text);
        Assert.EndsWith(Environment.NewLine, text);
    }

    private static (ReadProgress Progress, StringWriter Error, FakeTimeProvider Clock) Create()
    {
        var clock = TestClock.Start();
        var error = new StringWriter();
        var env = CliEnvironment.Plain(new StringWriter(), error, clock);
        return (new ReadProgress(env, "requests.jsonl", 1_000_000, enabled: true), error, clock);
    }
}

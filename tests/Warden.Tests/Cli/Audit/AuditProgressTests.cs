using Microsoft.Extensions.Time.Testing;
using Warden.Cli;
using Warden.Cli.Audit;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Audit;

public sealed class AuditProgressTests
{
    [Fact]
    public void Report_QuietForTheFirstSecondThenDrawsTheShare()
    {
        var time = TestClock.Start();
        using var error = new StringWriter();
        var env = CliEnvironment.Plain(TextWriter.Null, error, time) with { InteractiveError = true };

        using (var progress = new AuditProgress(env, 1_000_000))
        {
            progress.Report(65_536);
            Assert.Equal(string.Empty, error.ToString());

            time.Advance(TimeSpan.FromSeconds(1.5));
            progress.Report(250_000);
        }

        Assert.Equal("\rverifying the audit log:  25.0 % (250,000 of 1,000,000 events) 1.5 s   " + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Report_ErrorNotATerminal_DrawsNothing()
    {
        var time = TestClock.Start();
        using var error = new StringWriter();
        var env = CliEnvironment.Plain(TextWriter.Null, error, time);

        using (var progress = new AuditProgress(env, 10))
        {
            time.Advance(TimeSpan.FromSeconds(5));
            progress.Report(5);
        }

        Assert.Equal(string.Empty, error.ToString());
    }
}

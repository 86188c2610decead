using System.Diagnostics;
using Warden.Tests.Support;

namespace Warden.Tests.Cli;

public sealed class WardenCliTests
{
    [Fact]
    public void Run_Help_ListsCommandsAndExitCodes()
    {
        var run = CliRun.Of("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("stats", run.Out);
        Assert.Contains("eval", run.Out);
        Assert.Contains("2 bad input", run.Out);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("stats")]
    [InlineData("frobnicate")]
    [InlineData("stats", "x.jsonl", "--by", "colour")]
    [InlineData("eval", "--run", "a.run")]
    public void Run_BadUsage_ExitsTwoWithHint(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains("--help' for usage.", run.Error);
    }

    [Fact]
    public void Binary_Version_PrintsVersionAsRealProcess()
    {
        // The real executable, started as a process: what a user or a CI pipeline sees.
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("0.1.0", output.Trim());
    }

    [Fact]
    public void Binary_MalformedFile_ExitsTwoWithoutStackTrace()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "stats", RepoPaths.Sample("malformed", "requests-bad.jsonl")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("requests-bad.jsonl:2:", error);
        Assert.DoesNotContain("   at ", error);
    }
}

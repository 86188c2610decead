using Warden.Tests.Support;

namespace Warden.Tests.Cli;

public sealed class UsageProblemsTests
{
    private static readonly string Requests = RepoPaths.Sample("data", "requests.jsonl");
    private static readonly string Qrels = RepoPaths.Sample("data", "qrels.txt");
    private static readonly string Run = RepoPaths.Sample("data", "v1.run");

    public static TheoryData<string[], string> Mistakes => new()
    {
        { ["stats", "--jsn"], "error: unknown option '--jsn'; did you mean '--json'?\nRun 'warden stats --help' for usage." },
        { ["stats", Requests, "--lenent"], "error: unknown option '--lenent'; did you mean '--lenient'?\nRun 'warden stats --help' for usage." },
        { ["stats", Requests, "--zzzzzz"], "error: unknown option '--zzzzzz'\nRun 'warden stats --help' for usage." },
        { ["registry", "show", "--jsno"], "error: unknown option '--jsno'; did you mean '--json'?\nRun 'warden registry show --help' for usage." },
        { ["route", "set", "ranker", "--weight", "abc"], "error: --weight: 'abc' is not a number; give a percentage between 0 and 100, e.g. 5 or 12.5.\nRun 'warden route set --help' for usage." },
        { ["stats", Requests, "--confidence", "abc"], "error: --confidence: 'abc' is not a number.\nRun 'warden stats --help' for usage." },
        { ["eval", "--qrels", Qrels, "--run", Run, "--k", "ten"], "error: --k: 'ten' is not a whole number.\nRun 'warden eval --help' for usage." },
        { ["checkpoint", "list", "--lock-timeout", "soon"], "error: --lock-timeout: 'soon' is not a number.\nRun 'warden checkpoint list --help' for usage." },
        { ["checkpoint", "verify", "ranker", "--load-timeout", "0"], "error: --load-timeout must be greater than 0 and at most 86400 seconds; got 0.\nRun 'warden checkpoint verify --help' for usage." },
        { ["audit", "list", "--limit", "abc"], "error: --limit: 'abc' is not a whole number.\nRun 'warden audit list --help' for usage." },
        { ["audit", "list", "--limit", "0"], "error: --limit must be between 1 and 1000000; got 0.\nRun 'warden audit list --help' for usage." },
        { ["audit", "list", "--limit", "1000001"], "error: --limit must be between 1 and 1000000; got 1000001.\nRun 'warden audit list --help' for usage." },
        { ["checkpoint", "verify", "ranker", "--load-timeout", "86400.5"], "error: --load-timeout must be greater than 0 and at most 86400 seconds; got 86400.5.\nRun 'warden checkpoint verify --help' for usage." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Run_MistypedOptionOrValue_ExitsTwoWithExactMessage(string[] args, string expected)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Error.TrimEnd().ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, run.Out);
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("86400")]
    public void Run_LoadTimeoutInsideBounds_Accepted(string seconds)
    {
        using var dir = new TempDirectory();

        var run = CliRun.Of("checkpoint", "verify", "ranker", "--load-timeout", seconds, "--data-dir", dir.Path);

        // Nothing is registered, so the command fails later, but not on --load-timeout.
        Assert.DoesNotContain("--load-timeout", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_ExistingFileStartingWithDashes_IsReadAsAFile()
    {
        using var dir = new TempDirectory();
        File.Copy(Requests, Path.Combine(dir.Path, "--odd.jsonl"));
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "stats", "--odd.jsonl", "--json"])
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("\"source\": \"--odd.jsonl\"", await output, StringComparison.Ordinal);
    }
}

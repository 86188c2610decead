using System.Diagnostics;
using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Stats;

/// <summary>Telemetry from inputs that cannot seek: a FIFO, <c>&lt;(cat file)</c>, standard input.</summary>
public sealed class StatsPipeInputTests
{
    private static readonly string Requests = RepoPaths.Sample("data", "requests.jsonl");

    [Fact]
    public async Task Stats_Fifo_SameGroupsAsTheFile()
    {
        using var dir = new TempDirectory();
        var fifo = dir.File("requests.jsonl");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a FIFO for reading waits for a writer: write it from another thread.
        var writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(Requests)));
        var run = await Task.Run(() => CliRun.Of("stats", fifo, "--json"));
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Groups(CliRun.Of("stats", Requests, "--json").Out), Groups(run.Out));
    }

    [Fact]
    public void Stats_StandardInputDash_SameGroupsAsTheFile()
    {
        using var input = File.OpenRead(Requests);

        var run = CliRun.WithInput(input, "stats", "-", "--format", "jsonl", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Groups(CliRun.Of("stats", Requests, "--json").Out), Groups(run.Out));
    }

    [Fact]
    public async Task Binary_ProcessSubstitution_ReadsThePipe()
    {
        // The exact report: warden stats <(cat file) --format jsonl, in a real shell and process.
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("bash", ["-c", "dotnet \"$0\" stats <(cat \"$1\") --format jsonl --json", dll, Requests])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(string.Empty, error);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(Groups(CliRun.Of("stats", Requests, "--json").Out), Groups(await output));
    }

    [Fact]
    public async Task Binary_StandardInputPipe_ReadsIt()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "stats", "-", "--format", "jsonl", "--json"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await using (var stdin = process.StandardInput.BaseStream)
        await using (var file = File.OpenRead(Requests))
        {
            await file.CopyToAsync(stdin);
        }

        await process.WaitForExitAsync();

        Assert.Equal(string.Empty, await error);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(Groups(CliRun.Of("stats", Requests, "--json").Out), Groups(await output));
    }

    [Theory]
    [InlineData("error: '-' (standard input) is given more than once; it can be read only once.", "stats", "-", "-", "--format", "jsonl")]
    [InlineData("error: -: cannot tell the format from the extension; name the file .jsonl or .csv, or pass --format jsonl|csv.", "stats", "-")]
    public void Stats_StandardInputMisused_ExitsTwoWithMessage(string expected, params string[] args)
    {
        using var input = new MemoryStream();

        var run = CliRun.WithInput(input, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Error.TrimEnd());
    }

    private static string Groups(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("groups").GetRawText();
    }
}

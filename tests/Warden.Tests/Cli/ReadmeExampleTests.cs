using System.Diagnostics;
using Warden.Tests.Support;

namespace Warden.Tests.Cli;

/// <summary>The README's quick start, run as a new user would: its own lines, a fresh data directory.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task Readme_RegistryBlock_WorksForANewUser()
    {
        using var dir = new TempDirectory();
        var readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        var first = Array.FindIndex(readme, l => l.StartsWith("export WARDEN_DATA_DIR=", StringComparison.Ordinal));
        var last = Array.FindIndex(readme, first, l => l.StartsWith("warden audit verify", StringComparison.Ordinal));
        Assert.True(first > 0 && last > first, "the registry block of README.md moved");
        var script = string.Join('\n',
        [
            "set -e",
            $"warden() {{ dotnet '{Path.Combine(AppContext.BaseDirectory, "warden.dll")}' \"$@\"; }}",
            .. readme[first..(last + 1)],
        ]).Replace("export WARDEN_DATA_DIR=/tmp/warden-state", $"export WARDEN_DATA_DIR='{dir.File("state")}'", StringComparison.Ordinal);
        var status = await GitStatus();

        var start = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["WARDEN_ACTOR"] = "readme@test";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await output + error);
        // history --at now: production holds v2, the version the block just promoted.
        Assert.Matches(@"\n  production\s+v2\s+since ", await output);
        Assert.Equal(status, await GitStatus());
    }

    // The example must not leave reports in the folder it runs in (the repository here).
    private static async Task<string> GitStatus()
    {
        var start = new ProcessStartInfo("git", ["status", "--porcelain", "--untracked-files=all"]) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true };
        using var git = Process.Start(start)!;
        var text = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        return text;
    }
}

using System.Diagnostics;

namespace Warden.Tests.Support;

/// <summary>
/// A real tmpfs of a fixed size mounted on a fresh temp folder (needs root with CAP_SYS_ADMIN, as
/// the tests run in CI), for a real full disk and a real read-only file system. Unmounted and removed on dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TmpfsMount(long sizeBytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", _dir.Path);
    }

    public string Path => _dir.Path;

    public string File(string name) => _dir.File(name);

    /// <summary>Remounts read-only: even root cannot write there afterwards.</summary>
    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", _dir.Path);

    /// <summary>Writes zeros until the file system is full.</summary>
    public void Fill()
    {
        using var filler = new FileStream(File("filler"), FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    public void Dispose()
    {
        Run("umount", _dir.Path);
        _dir.Dispose();
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{file} {string.Join(' ', args)} failed ({error.Trim()}): this test needs a real tmpfs, so root with CAP_SYS_ADMIN (the CI container runs tests as root).");
        }
    }
}

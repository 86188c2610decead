using System.Diagnostics;

namespace Warden.Checkpoints;

/// <summary>
/// Runs a configured load command through <c>/bin/sh -c</c>, with <c>{artifact}</c> replaced by
/// the artifact's path (single-quoted for the shell), and measures how long it takes. A non-zero
/// exit or a timeout is a failed load, not an error of Warden's.
/// </summary>
internal sealed class LoadCommand(string template, TimeSpan timeout, TimeProvider time)
{
    /// <summary>Placeholder replaced by the artifact's path.</summary>
    public const string Placeholder = "{artifact}";

    /// <summary>The command as given.</summary>
    public string Template { get; } = template;

    /// <summary>Runs the command for <paramref name="artifactPath"/>.</summary>
    public async Task<LoadMeasurement> RunAsync(string artifactPath, CancellationToken cancellationToken = default)
    {
        var script = Template.Replace(Placeholder, Quote(artifactPath), StringComparison.Ordinal);
        var start = new ProcessStartInfo("/bin/sh", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var started = time.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("/bin/sh did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        // The timeout is wall-clock time, as the process runs in real time whatever the injected clock says.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new LoadMeasurement(null, null, $"load command did not finish within {timeout.TotalSeconds:0.#} s (killed)");
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        _ = await stdout.ConfigureAwait(false);
        var errorText = (await stderr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            var tail = errorText.Length == 0 ? string.Empty : $": {Last(errorText)}";
            return new LoadMeasurement(seconds, process.ExitCode, $"load command exited with {process.ExitCode}{tail}");
        }

        return new LoadMeasurement(seconds, 0, null);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Last(string text)
    {
        var lines = text.Split('\n');
        var last = lines[^1].Trim();
        return last.Length > 200 ? last[..200] + "…" : last;
    }
}

namespace Warden.Cli;

/// <summary>
/// Progress for reading one file: silent for the first second (most files finish sooner), then a
/// line redrawn in place on standard error at most five times a second with the share read, the
/// bytes and the elapsed time. Nothing is drawn when standard error is not a terminal, so logs
/// and pipes stay clean.
/// </summary>
internal sealed class ReadProgress : IProgress<long>, IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly string _label;
    private readonly long _totalBytes;
    private readonly bool _enabled;
    private readonly long _started;
    private long _lastDraw;
    private bool _drawn;

    public ReadProgress(CliEnvironment env, string label, long totalBytes, bool enabled)
    {
        _error = env.Error;
        _time = env.Time;
        _label = label;
        _totalBytes = totalBytes;
        _enabled = enabled;
        _started = _time.GetTimestamp();
    }

    /// <summary>Creates a progress display that draws only on an interactive terminal.</summary>
    public static ReadProgress ForFile(CliEnvironment env, string path, long totalBytes) =>
        new(env, Path.GetFileName(path), totalBytes, env.InteractiveError);

    /// <summary>True once a progress line has been drawn.</summary>
    public bool Drawn => _drawn;

    public void Report(long value)
    {
        if (!_enabled)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_started, now);
        if (elapsed < Quiet || (_drawn && _time.GetElapsedTime(_lastDraw, now) < Redraw))
        {
            return;
        }

        _lastDraw = now;
        _drawn = true;
        var share = _totalBytes > 0 ? $"{100.0 * value / _totalBytes,5:0.0} % " : string.Empty;
        var total = _totalBytes > 0 ? $" of {Megabytes(_totalBytes)}" : string.Empty;
        _error.Write($"\rreading {_label}: {share}({Megabytes(value)}{total}) {elapsed.TotalSeconds:0.0} s   ");
        _error.Flush();
    }

    public void Dispose()
    {
        if (_drawn)
        {
            // Leave the terminal on a fresh line so the result does not overwrite the last draw.
            _error.WriteLine();
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1_000_000.0:0.0} MB";
}

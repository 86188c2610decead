using System.Globalization;

namespace Warden.Cli.Audit;

/// <summary>
/// Progress of <c>audit verify</c>, drawn like <see cref="ReadProgress"/>: silent for the first
/// second, then one line on standard error redrawn at most five times a second, and only when
/// standard error is a terminal.
/// </summary>
internal sealed class AuditProgress : IProgress<long>, IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);

    private readonly CliEnvironment _env;
    private readonly long _total;
    private readonly long _started;
    private long _lastDraw;
    private bool _drawn;

    public AuditProgress(CliEnvironment env, long total)
    {
        _env = env;
        _total = total;
        _started = env.Time.GetTimestamp();
    }

    public void Report(long value)
    {
        if (!_env.InteractiveError)
        {
            return;
        }

        var now = _env.Time.GetTimestamp();
        var elapsed = _env.Time.GetElapsedTime(_started, now);
        if (elapsed < Quiet || (_drawn && _env.Time.GetElapsedTime(_lastDraw, now) < Redraw))
        {
            return;
        }

        _lastDraw = now;
        _drawn = true;
        var share = _total > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * value / _total,5:0.0} % ") : string.Empty;
        _env.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rverifying the audit log: {share}({value:N0} of {_total:N0} events) {elapsed.TotalSeconds:0.0} s   "));
        _env.Error.Flush();
    }

    public void Dispose()
    {
        if (_drawn)
        {
            _env.Error.WriteLine();
        }
    }
}

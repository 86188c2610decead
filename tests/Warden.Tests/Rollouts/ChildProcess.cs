using System.Diagnostics;
using System.Text;

namespace Warden.Tests.Rollouts;

/// <summary>
/// A .NET program (<c>dotnet some.dll ARGS</c>) in a child process, standard output read line by
/// line and standard error kept (both drained all the time, so a chatty child never blocks on a
/// full pipe); killed with SIGKILL on dispose if still running.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_lines)
                {
                    _lines.Add(e.Data);
                }

                _lineArrived.Release();
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_error)
                {
                    _error.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has exited (killed itself, say).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything written to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    public static ChildProcess Start(string dll, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A fault variable of the test run itself must not leak into a child that should run clean.
        info.Environment.Remove("WARDEN_FAULT_KILL_AFTER");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"dotnet {dll} did not start"));
    }

    /// <summary>Waits for the first standard output line that contains <paramref name="marker"/>; fails with standard error if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(string marker, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var seen = 0;
        while (true)
        {
            lock (_lines)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (_lines[seen].Contains(marker, StringComparison.Ordinal))
                    {
                        return _lines[seen];
                    }
                }
            }

            if (_process.HasExited)
            {
                // Let the last lines drain before giving up.
                _process.WaitForExit();
                lock (_lines)
                {
                    if (_lines.Skip(seen).FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal)) is { } late)
                    {
                        return late;
                    }
                }

                throw new InvalidOperationException($"process {Id} exited with {_process.ExitCode} before printing '{marker}'; stderr:\n{Error}");
            }

            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"process {Id} printed no line with '{marker}' within {timeout.TotalSeconds} s; stdout:\n{string.Join('\n', _lines)}\nstderr:\n{Error}");
            }

            await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
        }
    }

    /// <summary>Waits until the process has exited; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process {Id} did not exit within {timeout.TotalSeconds} s; stderr:\n{Error}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }
}

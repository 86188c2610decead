using System.ComponentModel;
using System.Diagnostics;

namespace Warden.Cli.Serve;

/// <summary>
/// The default browser: <c>xdg-open</c> on Linux, <c>open</c> on macOS, or the command named by
/// <c>WARDEN_BROWSER</c> (a browser, or a script; it gets the URL as its one argument). Started
/// without a shell and with its output discarded, so it cannot write into serve's standard output.
/// </summary>
internal sealed class SystemBrowserOpener : IBrowserOpener
{
    /// <summary>The environment variable naming another command to open the dashboard with.</summary>
    public const string Variable = "WARDEN_BROWSER";

    /// <param name="variable">Reads an environment variable (<see cref="CliEnvironment.Variable"/>).</param>
    public SystemBrowserOpener(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        Name = variable(Variable) is { Length: > 0 } chosen ? chosen : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
    }

    public string Name { get; }

    public string? Open(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var start = new ProcessStartInfo(Name)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(url.AbsoluteUri);
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return $"{Name} did not start";
            }

            process.StandardInput.Close();
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return null;
        }
        catch (Win32Exception ex)
        {
            return $"cannot run {Name} ({ex.Message}); set {Variable} to a browser command";
        }
    }
}

using System.Diagnostics;

namespace Warden.Samples.ModelServer.Tests;

/// <summary>The real `modelserver` executable in a child process (dotnet modelserver.dll ...), killed on dispose.</summary>
internal sealed class ChildServer : IDisposable
{
    private ChildServer(Process process) => Process = process;

    public Process Process { get; }
    public Uri? BaseAddress { get; private set; }
    public string? FirstLine { get; private set; }
    public Uri? AdminAddress { get; private set; }
    public Uri? GrpcAddress { get; private set; }
    public string? GrpcLine { get; private set; }

    public static ChildServer Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        info.ArgumentList.Add(RepoPaths.ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return new ChildServer(Process.Start(info)!);
    }

    /// <summary>Reads the "listening on" line; fails with stderr if the process exits first.</summary>
    public async Task WaitListeningAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        FirstLine = await Process.StandardOutput.ReadLineAsync(timeout.Token);
        const string marker = " listening on ";
        if (FirstLine is null || !FirstLine.Contains(marker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"server did not start: '{FirstLine}' {await Process.StandardError.ReadToEndAsync(timeout.Token)}");
        }
        BaseAddress = new Uri(FirstLine[(FirstLine.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..]);
    }

    /// <summary>Reads the second line, printed only with --admin-urls: where the fault endpoints listen.</summary>
    public async Task WaitAdminAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var line = await Process.StandardOutput.ReadLineAsync(timeout.Token);
        const string marker = "modelserver admin endpoints (faults, crash) on ";
        if (line is null || !line.StartsWith(marker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"no admin line: '{line}'");
        }
        AdminAddress = new Uri(line[marker.Length..]);
    }

    /// <summary>Reads the next line, printed only with --grpc-urls (after the admin line, if any): where the gRPC service listens.</summary>
    public async Task WaitGrpcAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        GrpcLine = await Process.StandardOutput.ReadLineAsync(timeout.Token);
        const string marker = "modelserver grpc (OIP v2 GRPCInferenceService) on ";
        if (GrpcLine is null || !GrpcLine.StartsWith(marker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"no grpc line: '{GrpcLine}'");
        }
        GrpcAddress = new Uri(GrpcLine[marker.Length..]);
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Process.WaitForExitAsync(timeout.Token);
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }
        Process.Dispose();
    }
}

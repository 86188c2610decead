using System.Diagnostics;
using System.Globalization;
using Warden.Tests.Support;

namespace Warden.Tests.Rollouts;

/// <summary>
/// What every rollout process test shares: the reference model server (<c>samples/ModelServer</c>)
/// serving v1 and v2 in two child processes (v2 with its fault endpoints, so a test can make the
/// canary fail at runtime), and a copy of the sample GO bundle with rollback evidence dated now.
/// </summary>
public sealed class ModelServerPair : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ChildProcess? _v1;
    private ChildProcess? _v2;

    /// <summary>v1's inference address.</summary>
    public Uri V1 { get; private set; } = null!;

    /// <summary>v2's inference address.</summary>
    public Uri V2 { get; private set; } = null!;

    /// <summary>v2's admin address (PUT /admin/faults).</summary>
    public Uri V2Admin { get; private set; } = null!;

    /// <summary>The copied GO bundle (evidence.yaml beside its data, meta, env and a fresh rollback.json).</summary>
    public string Evidence => _dir.File("evidence.yaml");

    /// <summary>Standard error of both model servers, for failure messages.</summary>
    public string Errors => $"v1: {_v1?.Error}\nv2: {_v2?.Error}";

    public async Task InitializeAsync()
    {
        var dll = await ModelServerDllAsync();
        _v1 = ChildProcess.Start(dll, ["--weights", RepoPaths.Sample("models", "v1.weights.json"), "--urls", "http://127.0.0.1:0", "--catalog", RepoPaths.Sample("ModelServer", "catalog.json")], RepoPaths.Root);
        _v2 = ChildProcess.Start(dll, ["--weights", RepoPaths.Sample("models", "v2.weights.json"), "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--catalog", RepoPaths.Sample("ModelServer", "catalog.json")], RepoPaths.Root);
        V1 = Listening(await _v1.WaitForLineAsync(" listening on ", TimeSpan.FromSeconds(30)));
        V2 = Listening(await _v2.WaitForLineAsync(" listening on ", TimeSpan.FromSeconds(30)));
        const string admin = "modelserver admin endpoints (faults, crash) on ";
        V2Admin = new Uri((await _v2.WaitForLineAsync(admin, TimeSpan.FromSeconds(30)))[admin.Length..]);

        // As bundle.sh does it: the sample GO bundle beside its data, with a drill and a checkpoint
        // verified now (a rollback evidence older than the policy allows would not be GO).
        foreach (var folder in new[] { "data", "meta", "env" })
        {
            Directory.CreateDirectory(_dir.File(folder));
            foreach (var file in Directory.GetFiles(RepoPaths.Sample(folder)))
            {
                File.Copy(file, Path.Combine(_dir.File(folder), Path.GetFileName(file)));
            }
        }

        File.Copy(RepoPaths.Sample("bundle-go.yaml"), Evidence);
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(
            _dir.File("rollback.json"),
            $$"""{ "checkpoint_version": "v1", "sha256_verified": true, "verified_at": "{{now}}", "load_time_s": 3.2, "drill_passed_at": "{{now}}", "drill_rto_s": 14.5, "drill_rpo_s": 0 }""");
    }

    public Task DisposeAsync()
    {
        _v1?.Dispose();
        _v2?.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Sets v2's injected error rate (0 clears it).</summary>
    public Task SetV2ErrorRateAsync(double rate) => PutV2FaultsAsync($$"""{"error_rate": {{rate.ToString(CultureInfo.InvariantCulture)}}}""");

    /// <summary>Sets the latency v2 adds to every infer call, in ms (0 clears it).</summary>
    public Task SetV2LatencyAsync(int milliseconds) => PutV2FaultsAsync($$"""{"latency_ms": {{milliseconds.ToString(CultureInfo.InvariantCulture)}}}""");

    private async Task PutV2FaultsAsync(string json)
    {
        using var client = new HttpClient();
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var answer = await client.PutAsync(new Uri(V2Admin, "admin/faults"), body);
        Assert.True(answer.IsSuccessStatusCode, $"PUT /admin/faults {json} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
    }

    /// <summary>The address in a model server's "... listening on URL" line.</summary>
    internal static Uri Listening(string line) => new(line[(line.IndexOf(" listening on ", StringComparison.Ordinal) + " listening on ".Length)..]);

    /// <summary>The reference model server's modelserver.dll, built with the tests' configuration.</summary>
    // The model server is a project of the solution but not a reference of this test project:
    // build it once (same configuration as the tests) when a lone 'dotnet test' left it unbuilt.
    internal static async Task<string> ModelServerDllAsync()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var dll = Path.Combine(RepoPaths.Root, "samples", "ModelServer", "bin", configuration, output.Name, "modelserver.dll");
        if (File.Exists(dll))
        {
            return dll;
        }

        var build = new ProcessStartInfo("dotnet", ["build", Path.Combine(RepoPaths.Root, "samples", "ModelServer", "ModelServer.csproj"), "-c", configuration, "-nologo", "-clp:ErrorsOnly"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(build)!;
        var text = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && File.Exists(dll), $"building samples/ModelServer ({configuration}) failed: {await text}{await error}");
        return dll;
    }
}

using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Guard;

/// <summary>
/// A v2 reference model server in a child process of one test's own, with its admin endpoints, so
/// that the test can crash it without taking the class fixture's v2 away from the other tests.
/// Killed on dispose if still running.
/// </summary>
internal sealed class CandidateModelServer : IDisposable
{
    private const string AdminLine = "modelserver admin endpoints (faults, crash) on ";

    private readonly ChildProcess _process;

    private CandidateModelServer(ChildProcess process, Uri url, Uri admin)
    {
        _process = process;
        Url = url;
        Admin = admin;
    }

    /// <summary>The inference address (a backend in warden.yaml).</summary>
    public Uri Url { get; }

    /// <summary>The admin address (PUT /admin/faults, POST /admin/crash).</summary>
    public Uri Admin { get; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its standard error, for failure messages.</summary>
    public string Error => _process.Error;

    /// <summary>Starts v2 with the sample weights and catalog on free ports and waits until it listens.</summary>
    public static async Task<CandidateModelServer> StartAsync()
    {
        var dll = await ModelServerPair.ModelServerDllAsync();
        var process = ChildProcess.Start(
            dll,
            ["--weights", RepoPaths.Sample("models", "v2.weights.json"), "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--catalog", RepoPaths.Sample("ModelServer", "catalog.json")],
            RepoPaths.Root);
        try
        {
            var url = ModelServerPair.Listening(await process.WaitForLineAsync(" listening on ", TimeSpan.FromSeconds(30)));
            var admin = new Uri((await process.WaitForLineAsync(AdminLine, TimeSpan.FromSeconds(30)))[AdminLine.Length..]);
            return new CandidateModelServer(process, url, admin);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>POST /admin/crash</c>: the server answers 202 and kills itself with SIGKILL (exit 137),
    /// as a crashed model server goes: no graceful shutdown, open connections reset. Returns once
    /// the process is gone.
    /// </summary>
    public async Task CrashAsync()
    {
        using (var client = new HttpClient())
        using (var answer = await client.PostAsync(new Uri(Admin, "admin/crash"), null))
        {
            Assert.True((int)answer.StatusCode == 202, $"POST /admin/crash answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(137, await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => _process.Dispose();
}

using System.Text.RegularExpressions;

namespace Warden.Tests.Rollouts;

/// <summary>Servers of a given role on a fixed traffic address: a Prometheus-scraped server and its gateway replicas.</summary>
internal sealed partial class RolloutRig
{
    /// <summary>
    /// Starts <c>warden serve --role <paramref name="role"/></c> on the rig's store with its traffic
    /// listener (and <c>/metrics</c>) on <paramref name="urls"/> — a fixed port a Prometheus scrapes —
    /// and waits for its ready line. A replica (<c>gateway</c>) runs no controller: its
    /// <see cref="Serve.Holder"/> is empty.
    /// </summary>
    public async Task<Serve> StartServeAsync(string urls, string role)
    {
        var process = ChildProcess.Start(
            Path.Combine(AppContext.BaseDirectory, "warden.dll"),
            ["serve", "--config", ConfigPath, "--urls", urls, "--admin-urls", "http://127.0.0.1:0", "--role", role, "--data-dir", DataDir, "--actor", "svc-warden"],
            _dir.Path,
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        _processes.Add(process);
        var line = await process.WaitForLineAsync("warden gateway listening on ", TimeSpan.FromSeconds(30));
        var match = RoleReadyLine().Match(line);
        Assert.True(match.Success, $"unexpected ready line: {line}");
        var serve = new Serve(process, new Uri(match.Groups["url"].Value + "/"), new Uri(match.Groups["admin"].Value + "/"), match.Groups["holder"].Value);
        _serves.Add(serve);
        return serve;
    }

    [GeneratedRegex(@"^warden gateway listening on (?<url>http://127\.0\.0\.1:\d+), admin API on (?<admin>http://127\.0\.0\.1:\d+) \(.*; (rollout controller (?<holder>warden-controller@\S+)|replica: routes follow .+)\)$")]
    private static partial Regex RoleReadyLine();
}

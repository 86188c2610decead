using System.Text.Json.Nodes;
using Warden.Core.Rollouts;
using Warden.Tests.Rollouts;
using Warden.Gateway.Tests.Support;
using Warden.Tests.Support;

namespace Warden.Tests.Api;

/// <summary>
/// The CLI's <c>--server</c> mode against a real <c>warden serve</c> process: the same commands
/// give the same output and exit code as local mode on the same store, and a whole rollout driven
/// over the API is in the audit log under the tokens' names.
/// </summary>
public sealed class RemoteModeTests(ModelServerPair models) : IClassFixture<ModelServerPair>
{
    // Each case runs locally (with --data-dir, and what local mode needs to see the server's
    // warden.yaml) and over the API; stdout, stderr and the exit code must be equal.
    private static readonly (string[] Args, string[] LocalOnly)[] Cases =
    [
        (["registry", "show", "ranker"], []),
        (["registry", "show", "ranker", "v1", "--json"], []),
        (["registry", "list", "ranker"], []),
        (["registry", "history", "ranker", "--json"], []),
        (["registry", "show", "nosuch"], []),
        (["registry", "show", "Bad Name"], []),
        (["registry", "show", "ranker", "v9"], []),
        (["rollout", "status", "ranker"], ["--config", "CONFIG"]),
        (["rollout", "list", "ranker", "--all"], []),
        (["rollout", "pause", "ranker"], []),
        (["audit", "head"], []),
        (["audit", "list", "--limit", "4", "--json"], []),
        (["audit", "list", "--limit", "0"], []),
        (["channel", "list", "--json"], []),
        (["channel", "tail", "nosuch"], []),
        (["cycle", "list"], []),
        (["cycle", "show", "cy-20261122T000000000Z"], []),
        (["verdict", "list", "ranker"], []),
        (["verdict", "list", "ranker", "--json"], []),
        (["verdict", "show", "ranker", "DEPLOYMENT"], []),
        (["verdict", "show", "ranker", "DEPLOYMENT", "--json"], []),
        (["verdict", "show", "ranker", "DEPLOYMENT", "--report", "md"], []),
        (["verdict", "show", "ranker", "nosuch"], []),
        (["route", "show"], ["--gateway", "ADMIN"]),
        (["rollback", "list"], []),
        (["rollback", "list", "--service", "ranker", "--json"], []),
        (["rollback", "list", "--limit", "0"], []),
        (["drill", "list", "--json"], []),
        (["drill", "list", "--service", "Bad Name"], []),
        (["rollback", "officer", "--json"], []),
        (["rollback", "officer", "--service", "ranker"], []),
        (["cycle", "report", "cy-20261122T000000000Z", "innovation_report.md"], []),
    ];

    [Fact]
    public async Task Remote_SameCasesAsLocal_SameOutputAndExitCode()
    {
        await using var rig = new RolloutRig(models, "[50]");
        rig.Register();
        var serve = await rig.StartServeAsync();
        var token = CreateToken(rig, "ci-operator", "operator");
        var deployment = JsonNode.Parse(rig.Cli("verdict", "list", "ranker", "--json").Out)!["verdicts"]![0]!["deployment_id"]!.GetValue<string>();

        foreach (var (given, localOnly) in Cases)
        {
            var args = given.Select(a => a == "DEPLOYMENT" ? deployment : a).ToArray();
            var local = CliRun.Of([.. args, .. localOnly.Select(a => a == "CONFIG" ? rig.ConfigPath : a == "ADMIN" ? serve.Admin.ToString() : a), .. (args[0] == "route" ? Array.Empty<string>() : ["--data-dir", rig.DataDir])]);
            var remote = CliRun.Remote(serve.Admin, token, args);

            var what = string.Join(' ', args);
            Assert.True(local.ExitCode == remote.ExitCode, $"{what}: local exit {local.ExitCode}, remote {remote.ExitCode}\n{local.Error}\n{remote.Error}");
            Assert.True(local.Out == remote.Out, $"{what}: stdout differs\n--- local\n{local.Out}\n--- remote\n{remote.Out}");
            Assert.True(Errors(local.Error) == Errors(remote.Error), $"{what}: stderr differs\n--- local\n{local.Error}\n--- remote\n{remote.Error}");
        }

        // Help is the local program's, even with WARDEN_SERVER set.
        var help = CliRun.Remote(serve.Admin, token, "rollout", "status", "--help");
        Assert.True(help.ExitCode == 0 && help.Out.Contains("--watch", StringComparison.Ordinal), help.Error + help.Out);

        // Telemetry and shadow summaries: the admin listener's, behind a token.
        using (var http = new HttpClient())
        {
            async Task<(int Status, string Body)> GetAsync(string path, string? bearer)
            {
                using var call = new HttpRequestMessage(HttpMethod.Get, new Uri(serve.Admin, path));
                if (bearer is not null)
                {
                    call.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
                }

                using var answer = await http.SendAsync(call);
                return ((int)answer.StatusCode, await answer.Content.ReadAsStringAsync());
            }

            Assert.Equal(await GetAsync("admin/shadow", null), await GetAsync("api/v1/shadow", token));
            // No traffic went through this rig's gateway: both answer the gateway's own 404 naming what is known.
            Assert.Equal(await GetAsync("admin/telemetry?service=ranker&version=v1&seconds=10", null), await GetAsync("api/v1/telemetry?service=ranker&version=v1&seconds=10", token));
            Assert.Equal(401, (await GetAsync("api/v1/telemetry?service=ranker&version=v1", null)).Status);
        }

        // A route change over the API acts on the server's own gateway, audited under the token's name.
        var set = CliRun.Remote(serve.Admin, token, "route", "set", "ranker", "--no-shadow", "--reason", "remote test");
        Assert.True(set.ExitCode == 0, set.Error + set.Out);
        var changed = JsonNode.Parse(rig.Cli("audit", "list", "--subject", "route:ranker", "--json").Out)!["events"]!.AsArray();
        Assert.Equal("ci-operator", changed[^1]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Remote_WholeRollout_EveryActionUnderTheTokensNameAndAViewerRefused()
    {
        await using var rig = new RolloutRig(models, "[50]");
        rig.Register();
        var serve = await rig.StartServeAsync();
        rig.LoadThrough(serve);
        var viewer = CreateToken(rig, "dash-viewer", "viewer");
        var operatorToken = CreateToken(rig, "ci-operator", "operator");
        var approver = CreateToken(rig, "release-approver", "approver");

        // A viewer is refused the write: exit 2, the role it needs, nothing stored.
        var refused = CliRun.Remote(serve.Admin, viewer, "rollout", "start", "ranker", "v2");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal(
            "error: the server refused POST /api/v1/rollouts/ranker/start/v2 (403): POST /api/v1/rollouts/{service}/start/{version} needs the operator role; token 'dash-viewer' has the viewer role." + Environment.NewLine,
            refused.Error);
        Assert.Null(await rig.RolloutAsync());

        Ok(CliRun.Remote(serve.Admin, operatorToken, "rollout", "start", "ranker", "v2"));

        // 'rollout status --watch' over the server: printed every second as it moves, ends with the rollout.
        var watched = new StringWriter();
        var watching = CliRun.RemoteAsync(serve.Admin, viewer, watched, CancellationToken.None, "rollout", "status", "ranker", "--watch");
        await rig.WaitForAsync(s => s.Phase == RolloutPhase.Shadow, "to be in shadow");
        Ok(CliRun.Remote(serve.Admin, operatorToken, "rollout", "pause", "ranker"));
        Ok(CliRun.Remote(serve.Admin, operatorToken, "rollout", "resume", "ranker"));

        // Promotion is the approver's: the operator is refused, the approver moves it on.
        var notOperator = CliRun.Remote(serve.Admin, operatorToken, "rollout", "promote", "ranker");
        Assert.Equal(2, notOperator.ExitCode);
        Assert.Contains("needs the approver role; token 'ci-operator' has the operator role.", notOperator.Error, StringComparison.Ordinal);
        Ok(CliRun.Remote(serve.Admin, approver, "rollout", "promote", "ranker"));
        await rig.WaitForAsync(s => s.Phase == RolloutPhase.Canary, "to be in canary");
        Ok(CliRun.Remote(serve.Admin, approver, "rollout", "promote", "ranker"));
        var done = await rig.WaitForAsync(s => s.IsFinished, "to be promoted and baked");
        Assert.True(done.State.Phase == RolloutPhase.Promoted, rig.Describe(done));
        var watch = await watching.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(watch.ExitCode == 0, watch.Error);
        var views = watch.Out.Split(Environment.NewLine + Environment.NewLine);
        Assert.True(views.Length >= 3, watch.Out);
        Assert.Contains("shadow", views[0], StringComparison.Ordinal);
        Assert.Equal(rig.Cli("rollout", "status", "ranker", "--config", rig.ConfigPath).Out, views[^1]);

        // The status read in JSON (the API's fast path) is what 'rollout status --json' prints locally.
        using (var http = new HttpClient())
        {
            using var call = new HttpRequestMessage(HttpMethod.Get, new Uri(serve.Admin, "api/v1/rollouts/ranker/status"));
            call.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", viewer);
            using var answer = await http.SendAsync(call);
            Assert.Equal(rig.Cli("rollout", "status", "ranker", "--json", "--config", rig.ConfigPath).Out, await answer.Content.ReadAsStringAsync());
            Assert.Equal("0", answer.Headers.GetValues("Warden-Exit-Code").Single());
        }

        // Every human action is in the audit log under its token's name, read over the API too.
        var listed = CliRun.Remote(serve.Admin, viewer, "audit", "list", "--subject", "rollout:ranker", "--limit", "100", "--json");
        Ok(listed);
        var events = JsonNode.Parse(listed.Out)!["events"]!.AsArray().Select(e => e!).ToList();
        var human = events.Where(e => e["actor"]!.GetValue<string>() != serve.Holder).Select(e => (e["action"]!.GetValue<string>(), e["actor"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [("rollout.start", "ci-operator"), ("rollout.pause", "ci-operator"), ("rollout.resume", "ci-operator"), ("rollout.step", "release-approver"), ("rollout.promote", "release-approver")],
            human);
        var everything = string.Join('\n', events.Select(e => e.ToJsonString()));
        Assert.DoesNotContain(operatorToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(approver, everything, StringComparison.Ordinal);
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Remote_Verdict_RecordedFromABundleUnderTheServersRootsOnly()
    {
        await using var rig = new RolloutRig(models, "[50]");
        rig.Register();
        var serve = await rig.StartServeAsync();
        var operatorToken = CreateToken(rig, "ci-operator", "operator");

        // The pair's bundle lies outside the server's artifact roots (its working directory).
        var outside = CliRun.Remote(serve.Admin, operatorToken, "verdict", "--evidence", models.Evidence, "--record", "--model", "ranker");
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("outside the allowed roots", outside.Error, StringComparison.Ordinal);
        var unrecorded = CliRun.Remote(serve.Admin, operatorToken, "verdict", "--evidence", models.Evidence, "--model", "ranker");
        Assert.Equal(
            "error: the server refused POST /api/v1/verdicts (400): over the API a verdict is recorded: send record=true (--record); its reports stay under the server's data directory (GET /api/v1/verdicts/{model}/{deployment})." + Environment.NewLine,
            unrecorded.Error);

        // A copy under the server's folder is judged GO (exit 0) and recorded under the token's name.
        var bundle = Path.Combine(Path.GetDirectoryName(rig.DataDir)!, "bundle");
        CopyBundle(Path.GetDirectoryName(models.Evidence)!, bundle);
        var judged = CliRun.Remote(serve.Admin, operatorToken, "verdict", "--evidence", Path.Combine(bundle, "evidence.yaml"), "--record", "--model", "ranker");
        Assert.True(judged.ExitCode == 0, judged.Error + judged.Out);
        var recorded = JsonNode.Parse(rig.Cli("verdict", "list", "ranker", "--json").Out)!["verdicts"]!.AsArray();
        Assert.Equal(["tester", "ci-operator"], recorded.Select(v => v!["actor"]!.GetValue<string>()));
        var report = CliRun.Remote(serve.Admin, operatorToken, "verdict", "show", "ranker", recorded[1]!["deployment_id"]!.GetValue<string>(), "--report", "json");
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal("GO", JsonNode.Parse(report.Out)!["outcome"]!.GetValue<string>());

        var deployment = recorded[1]!["deployment_id"]!.GetValue<string>();
        // verdict show --json carries the recorded deployment_verdict.json: six votes, each check's findings;
        // rollback officer names the same Rollback Officer vote from it.
        var shown = JsonNode.Parse(CliRun.Remote(serve.Admin, operatorToken, "verdict", "show", "ranker", deployment, "--json").Out)!;
        Assert.True(shown["report"]!["status"]!.GetValue<string>() == "verified", shown.ToJsonString());
        var document = shown["deployment_verdict"]!;
        Assert.Equal(6, document["votes"]!.AsArray().Count);
        Assert.All(document["checks"]!.AsArray(), c => Assert.True(c!["status"] is not null && c["target"] is not null && c["evidence"] is not null && c.AsObject().ContainsKey("observed"), c!.ToJsonString()));
        Assert.Contains(document["checks"]!.AsArray(), c => c!["observed"] is JsonObject o && o.ContainsKey("ci_low") && o.ContainsKey("ci_high"));
        var officer = JsonNode.Parse(CliRun.Remote(serve.Admin, operatorToken, "rollback", "officer", "--json").Out)!["verdict"]!;
        Assert.Equal(deployment, officer["deployment_id"]!.GetValue<string>());
        Assert.Equal(
            document["votes"]!.AsArray().Single(v => v!["reviewer"]!.GetValue<string>() == "rollback_officer")!["vote"]!.GetValue<string>(),
            officer["vote"]!.GetValue<string>());
    }

    [Fact]
    public async Task Remote_ChannelTailFollow_PrintsEachNewMessageUntilStopped()
    {
        await using var rig = new RolloutRig(models, "[50]");
        rig.Register();
        var serve = await rig.StartServeAsync();
        var viewer = CreateToken(rig, "dash-viewer", "viewer");
        using var stop = new CancellationTokenSource();
        var printed = new StringWriter();

        var following = CliRun.RemoteAsync(serve.Admin, viewer, printed, stop.Token, "channel", "tail", "v1_rollback_feed", "--follow", "--json");
        await Task.Delay(1500);
        await using (var store = await Warden.Storage.Sqlite.SqliteStore.OpenAsync(new Warden.Storage.Sqlite.SqliteStoreOptions { DataDirectory = rig.DataDir }))
        {
            await store.WriteAsync((tx, ct) => Warden.Channels.ChannelLog.PublishAsync(
                tx, new Warden.Channels.ChannelMessage { Channel = "v1_rollback_feed", Kind = "drill", Publisher = "test", Summary = "followed over the API" }, "test", ct));
        }

        await Poll.UntilAsync(() => printed.ToString().Contains("followed over the API", StringComparison.Ordinal), "the message printed", 10_000);
        stop.Cancel();
        var run = await following.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(130, run.ExitCode);
        var line = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("followed over the API", JsonNode.Parse(line)!["message"]!["summary"]!.GetValue<string>());
    }

    private static void CopyBundle(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string CreateToken(RolloutRig rig, string name, string role)
    {
        var run = rig.Cli("token", "create", "--name", name, "--role", role);
        Ok(run);
        return run.Out.Trim();
    }

    private static void Ok(CliRun run) => Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}{run.Out}");

    // Local mode notes where it found warden.yaml; what matters is every error line.
    private static string Errors(string stderr) =>
        string.Join('\n', stderr.Split('\n').Where(l => !l.StartsWith("note: ", StringComparison.Ordinal)));
}

using System.Net;
using System.Text.Json.Nodes;
using Warden.Access;
using Warden.Audit;
using Warden.Core.Rollouts;
using Warden.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Api;

/// <summary>
/// The rollout commands over the API, under the token's name, and separation of duties: whoever
/// registered the candidate or started the rollout cannot promote or approve it.
/// </summary>
public sealed class ApiRolloutCommandTests : IAsyncLifetime
{
    private ApiRig _rig = null!;
    private readonly Dictionary<string, string> _people = [];

    public async Task InitializeAsync()
    {
        _rig = await ApiRig.StartAsync();

        // v2 registered by alice; its rollout started by bob; both also hold approver tokens.
        var art = Path.Combine(_rig.DataDir, "art");
        Directory.CreateDirectory(art);
        foreach (var (version, actor) in new[] { ("v1", "carol"), ("v2", "alice") })
        {
            File.WriteAllText(Path.Combine(art, version), $"weights {version}");
            Assert.Equal(0, CliRun.Of("registry", "add", "ranker", version, "--artifact", Path.Combine(art, version), "--allow-root", art, "--data-dir", _rig.DataDir, "--actor", actor).ExitCode);
        }

        Assert.Equal(0, CliRun.Of("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "first", "--data-dir", _rig.DataDir, "--actor", "carol").ExitCode);
        await _rig.Store.WriteAsync(async (tx, ct) =>
        {
            var start = RolloutMachine.Start("ranker-v2", "ranker", "v2", "v1", shadowOnly: false, tx.Now);
            var added = await tx.Rollouts.AddAsync(start.Next, RolloutPlanJson.Write(new RolloutPlan()), null, "bob", ct);
            await RolloutTransitions.RecordStartAsync(tx, added!, start, new RolloutInput("start", "bob"), "test", ct);
            return 0;
        });
        var issuer = new TokenIssuer(_rig.Store);
        foreach (var name in new[] { "alice", "bob" })
        {
            _people[name] = (await issuer.CreateAsync(name, Role.Approver, null, "admin@test")).Text;
        }
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Pause_Operator_StoredUnderTheTokensName()
    {
        using var response = await _rig.SendAsync("POST", "/api/v1/rollouts/ranker/pause", Role.Operator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pause", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["command"]!.GetValue<string>());
        var e = Assert.Single(await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.RolloutPause }, ct)));
        Assert.Equal("operator", e.Actor);
    }

    [Theory]
    [InlineData("alice", "promote", "token 'alice' registered ranker v2, so it cannot promote it: another approver must (docs/roles.md).")]
    [InlineData("bob", "promote", "token 'bob' started this rollout, so it cannot promote it: another approver must (docs/roles.md).")]
    [InlineData("bob", "approve", "token 'bob' started this rollout, so it cannot approve it: another approver must (docs/roles.md).")]
    public async Task Decide_ByWhoRegisteredOrStarted_403SeparationOfDutiesAndNothingStored(string who, string command, string detail)
    {
        using var response = await _rig.SendWithAsync("POST", $"/api/v1/rollouts/ranker/{command}", _people[who]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("separation_of_duties", detail), (problem["rule"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
        Assert.Empty(await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.RolloutStep }, ct)));
    }

    [Fact]
    public async Task Promote_ByAnotherApprover_PassesTheRuleAndIsJudgedAsTheCliWould()
    {
        // The approver neither registered v2 nor started the rollout: the promotion goes to the
        // rollout's own rules (here: no GO verdict recorded for the deployment, so 409 with the CLI's wording).
        using var response = await _rig.SendAsync("POST", "/api/v1/rollouts/ranker/promote", Role.Approver);

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }
}

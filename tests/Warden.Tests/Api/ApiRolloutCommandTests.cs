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

    [Theory]
    [InlineData("/api/v1/registry/ranker/aliases/production/v2", "{}", "POST /api/v1/registry/{model}/aliases/{alias}/{version} to move the production alias needs the approver role; token 'operator' has the operator role.")]
    [InlineData("/api/v1/registry/ranker/aliases/canary/v2", "{\"override\": true, \"reason\": \"x\"}", "POST /api/v1/registry/{model}/aliases/{alias}/{version} to override the promotion gate needs the approver role; token 'operator' has the operator role.")]
    [InlineData("/api/v1/routes/ranker", "{\"production\": \"v2\"}", "POST /api/v1/routes/{service} to move production needs the approver role; token 'operator' has the operator role.")]
    [InlineData("/api/v1/routes/ranker", "{\"override\": true, \"reason\": \"x\", \"no-canary\": true}", "POST /api/v1/routes/{service} to override the promotion gate needs the approver role; token 'operator' has the operator role.")]
    public async Task ProductionMoveOrOverride_ByOperator_403NeedsApproverAndNothingStored(string path, string body, string detail)
    {
        var before = await AuditCountAsync();

        using var response = await PostAsync(path, _rig.Tokens[Role.Operator], body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("approver", detail), (problem["needs"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
        Assert.Equal(before, await AuditCountAsync());
    }

    [Theory]
    [InlineData("alice", "/api/v1/registry/ranker/aliases/production/v2", "{}", "token 'alice' registered ranker v2, so it cannot move the production alias to v2: another approver must (docs/roles.md).")]
    [InlineData("bob", "/api/v1/registry/ranker/aliases/production/v2", "{}", "token 'bob' started the rollout of ranker v2, so it cannot move the production alias to v2: another approver must (docs/roles.md).")]
    [InlineData("alice", "/api/v1/registry/ranker/aliases/production/v2", "{\"override\": true, \"reason\": \"x\"}", "token 'alice' registered ranker v2, so it cannot override the promotion gate to v2: another approver must (docs/roles.md).")]
    [InlineData("bob", "/api/v1/routes/ranker", "{\"production\": \"v2\", \"override\": true, \"reason\": \"x\"}", "token 'bob' started the rollout of ranker v2, so it cannot override the promotion gate to v2: another approver must (docs/roles.md).")]
    public async Task ProductionMoveOrOverride_ByRegistrantOrStarter_403SeparationOfDuties(string who, string path, string body, string detail)
    {
        var before = await AuditCountAsync();

        using var response = await PostAsync(path, _people[who], body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("separation_of_duties", detail), (problem["rule"]!.GetValue<string>(), problem["detail"]!.GetValue<string>()));
        Assert.Equal(before, await AuditCountAsync());
    }

    [Fact]
    public async Task AliasOverride_ByAnotherApprover_StoredUnderTheTokensNameWithTheReason()
    {
        using var response = await PostAsync("/api/v1/registry/ranker/aliases/production/v2", _rig.Tokens[Role.Approver], "{\"override\": true, \"reason\": \"INC-7 hotfix\"}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("0", response.Headers.GetValues("Warden-Exit-Code").Single());
        var events = await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Limit = int.MaxValue }, ct));
        var moved = Assert.Single(events, e => e.Payload.Contains("INC-7 hotfix", StringComparison.Ordinal));
        Assert.Equal("approver", moved.Actor);
        Assert.Contains("\"alias\":\"production\"", moved.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AliasNonProduction_ByOperator_PassesTheRule()
    {
        using var response = await PostAsync("/api/v1/registry/ranker/aliases/canary/v2", _rig.Tokens[Role.Operator], "{}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_rig.Base, path.TrimStart('/')))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await _rig.Client.SendAsync(request);
    }

    private Task<int> AuditCountAsync() =>
        _rig.Store.ReadAsync(async (tx, ct) => (await tx.Audit.ListAsync(new AuditQuery { Limit = int.MaxValue }, ct)).Count).AsTask();
}

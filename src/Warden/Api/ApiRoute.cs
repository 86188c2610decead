using Warden.Access;
using Warden.Storage;

namespace Warden.Api;

/// <summary>
/// One endpoint of <c>/api/v1</c> and the role it needs. <see cref="ApiEndpoints.All"/> is the one
/// list the endpoints are mapped from, the authorisation matrix test is generated from and the
/// CLI's <c>--server</c> mode finds its calls in, so an endpoint cannot exist without a rule.
/// </summary>
/// <param name="Method">GET, POST, …</param>
/// <param name="Path">The route pattern under the server, e.g. <c>/api/v1/cycles/{id}</c>.</param>
/// <param name="Needs">The least role that may call it (<see cref="Roles.Permits"/>).</param>
/// <param name="Summary">One line for the OpenAPI document and docs/api.md.</param>
internal sealed record ApiRoute(string Method, string Path, Role Needs, string Summary)
{
    /// <summary>
    /// The CLI command the endpoint runs on the server, e.g. <c>rollout pause</c>: its path
    /// parameters are the command's arguments in order, and the call answers what the command
    /// prints (<see cref="CommandEndpoint"/>). Null for an endpoint with a handler of its own.
    /// </summary>
    public string? Command { get; init; }

    /// <summary>The command's options a call may set, by name without the dashes (<c>limit</c> is <c>--limit</c>): query parameters on GET, a JSON object's members on POST. Nothing else reaches the command.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>
    /// The JSON answer read directly, without a command line to parse, for a read that dashboards
    /// and pipelines poll (bench/api.sh): it must give what the command's <c>--json</c> prints (a test
    /// compares them). The text and streaming representations still run the command. Null: the command runs.
    /// </summary>
    public Func<ApiRead, Task<object>>? Read { get; init; }

    /// <summary>Options only the streaming representation takes (<c>follow</c>, <c>watch</c>): a call answered at its end could never end.</summary>
    public IReadOnlyList<string> StreamOptions { get; init; } = [];

    /// <summary>A second role that may also call it (an approver moving production through an operator's endpoint); the rule then says which calls need which.</summary>
    public Role? Or { get; init; }

    /// <summary>Whether a token with <paramref name="role"/> may call it.</summary>
    public bool Permits(Role role) => Roles.Permits(role, Needs) || (Or is { } other && Roles.Permits(role, other));

    /// <summary>The role(s) it needs, for messages: <c>operator</c>, or <c>operator or approver</c>.</summary>
    public string NeedsText => Or is { } other ? $"{Roles.Name(Needs)} or {Roles.Name(other)}" : Roles.Name(Needs);

    /// <summary>Answers Server-Sent Events that last until the client goes (a channel's stream, the audit events): a caller reads the headers, never the end.</summary>
    public bool EventStream { get; init; }

    /// <summary>
    /// The command prints a file named by the route's last path parameter (<c>innovation_report.md</c>):
    /// the default representation answers it with that file's media type (text/markdown for .md,
    /// application/json for .json), and a failed check of its sha256 (exit 6) is a 409 problem, not an empty 200.
    /// </summary>
    public bool AnswersFile { get; init; }

    /// <summary>A rule checked before the command runs, beyond the role (separation of duties).</summary>
    public ApiRule Rule { get; init; }

    /// <summary>The path's parameters in order, e.g. <c>model</c>, <c>version</c>.</summary>
    public IReadOnlyList<string> Parameters =>
        [.. Path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'))];
}

/// <summary>What a direct read (<see cref="ApiRoute.Read"/>) gets: the server's store and policy, and the call's path parameters.</summary>
internal sealed record ApiRead(IWardenStore Store, Warden.Core.Policy.VerdictPolicy Policy, Func<string, string> Path, CancellationToken CancellationToken, Warden.Rollouts.ITrafficEvidence? Evidence = null);

/// <summary>The rules an endpoint may add to its role (docs/roles.md).</summary>
internal enum ApiRule
{
    /// <summary>The role alone.</summary>
    None,

    /// <summary>Promoting or approving a rollout: not by whoever registered the candidate or started the rollout.</summary>
    RolloutDecision,

    /// <summary>Moving an alias: production or an override needs the approver role, and not the version's registrant or its rollout's starter.</summary>
    AliasMove,

    /// <summary>Changing a route: a new production or an override needs the approver role, and not the version's registrant or its rollout's starter.</summary>
    RouteChange,

    /// <summary>A verdict over the API: recorded (its reports stay beside the server's store), from an evidence bundle under the server's artifact roots.</summary>
    ServerEvidence,
}

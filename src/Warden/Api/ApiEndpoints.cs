using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warden.Access;
using Warden.Channels;
using Warden.Core.Reports;
using Warden.Cycle;
using Warden.Storage;

namespace Warden.Api;

/// <summary>
/// The REST API under <c>/api/v1</c> on the admin listener (docs/api.md): every endpoint with the
/// role it needs, mapped from <see cref="All"/> so the authorisation matrix test covers each one.
/// Answers are the JSON of the matching CLI command's <c>--json</c>; errors are problem documents.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>Where the OpenAPI document is served (anonymous: it describes the API, not the store).</summary>
    public const string OpenApiPath = "/api/v1/openapi.json";

    /// <summary>Every endpoint and the role it needs; those with a command run it (<see cref="CommandEndpoint"/>).</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        // Who is calling.
        new("GET", "/api/v1/whoami", Role.Viewer, "The calling token: its name, role, every role that role includes, and its expiry."),

        // Registry.
        new("GET", "/api/v1/registry/{model}", Role.Viewer, "A model's versions and aliases (warden registry show MODEL).") { Command = "registry show" },
        new("GET", "/api/v1/registry/{model}/versions", Role.Viewer, "A model's registered versions with sha256, size, aliases and status (warden registry list MODEL).") { Command = "registry list" },
        new("GET", "/api/v1/registry/{model}/versions/{version}", Role.Viewer, "One version: sha256, size, artifact, lineage, tags, aliases, tamper mark (warden registry show MODEL VERSION).") { Command = "registry show" },
        new("POST", "/api/v1/registry/{model}/versions/{version}", Role.Operator, "Register a version from an artifact under the server's artifact roots (warden registry add).") { Command = "registry add", Options = ["artifact", "run-id", "data-version", "code-rev", "tag"] },
        new("POST", "/api/v1/registry/{model}/versions/{version}/verify", Role.Operator, "Re-hash the version's artifact and record the result; exit 6 when it differs or is gone (warden registry verify).") { Command = "registry verify" },
        new("GET", "/api/v1/registry/{model}/history", Role.Viewer, "Every alias move, or with at= which version held each alias then (warden registry history).") { Command = "registry history", Options = ["alias", "at"] },
        new("POST", "/api/v1/registry/{model}/aliases/{alias}/{version}", Role.Operator, "Point an alias at a version (warden registry alias); operator or approver, but production and override=true need the approver role, not the version's registrant or its rollout's starter, and a reason with override.") { Command = "registry alias", Options = ["override", "reason", "deployment"], Rule = ApiRule.AliasMove, Or = Role.Approver },

        // Verdicts.
        new("POST", "/api/v1/verdicts", Role.Operator, "Judge a candidate from an evidence bundle under the server's artifact roots and record the verdict; exit 0 GO, 3 SHADOW ONLY, 4 PAUSE_AND_FIX, 5 REJECT (warden verdict --record).") { Command = "verdict", Options = ["evidence", "model", "record"], Rule = ApiRule.ServerEvidence },
        new("GET", "/api/v1/verdicts/{model}", Role.Viewer, "The verdicts recorded for a model, oldest first (warden verdict list MODEL).") { Command = "verdict list" },
        new("GET", "/api/v1/verdicts/{model}/{deployment}", Role.Viewer, "A deployment's latest recorded verdict and its report files, checked against the recorded sha256; report=md|json answers the report itself (warden verdict show).") { Command = "verdict show", Options = ["report"] },

        // Checkpoints.
        new("GET", "/api/v1/checkpoints/{model}", Role.Viewer, "Checkpoints: latest verification per version, age, load time, status (warden checkpoint list MODEL).") { Command = "checkpoint list" },
        new("POST", "/api/v1/checkpoints/{model}/{version}/verify", Role.Operator, "Verify a rollback checkpoint with the server's load command and record it; exit 6 when slow, failed or tampered (warden checkpoint verify).") { Command = "checkpoint verify", Options = ["load-timeout"] },

        // Routes (the server's own gateway).
        new("GET", "/api/v1/routes", Role.Viewer, "Every service's route and backend health, from this server's gateway (warden route show).") { Command = "route show" },
        new("POST", "/api/v1/routes/{service}", Role.Operator, "Change one service's route on this server's gateway, audited (warden route set); operator or approver, but a new production or override=true needs the approver role, not the version's registrant or its rollout's starter.") { Command = "route set", Options = ["production", "shadow", "no-shadow", "canary", "weight", "no-canary", "override", "reason", "deployment"], Rule = ApiRule.RouteChange, Or = Role.Approver },

        // Rollouts.
        new("GET", "/api/v1/rollouts/{service}", Role.Viewer, "Unfinished rollouts of the service, or all=true every one, newest first (warden rollout list).") { Command = "rollout list", Options = ["all"] },
        new("POST", "/api/v1/rollouts/{service}/start/{version}", Role.Operator, "Start a rollout in shadow on VERSION's recorded verdict against production (warden rollout start).") { Command = "rollout start", Options = ["deployment"] },
        new("GET", "/api/v1/rollouts/{service}/status", Role.Viewer, "The service's latest rollout: where it is and why, the plan, every decision and the current window judged now (warden rollout status).") { Command = "rollout status", StreamOptions = ["watch"], Read = async read => Warden.Cli.Rollout.RolloutStatusCommand.Json(await Warden.Cli.Rollout.RolloutStatusView.ReadAsync(read.Store, read.Path("service"), read.Policy, read.Evidence, read.CancellationToken).ConfigureAwait(false)) },
        new("GET", "/api/v1/rollouts/{service}/history", Role.Viewer, "Every transition of the latest rollout, or id= another (warden rollout history).") { Command = "rollout history", Options = ["id"] },
        new("POST", "/api/v1/rollouts/{service}/pause", Role.Operator, "Hold the service's rollout at its phase and step (warden rollout pause).") { Command = "rollout pause" },
        new("POST", "/api/v1/rollouts/{service}/resume", Role.Operator, "Continue a paused rollout with a fresh analysis window (warden rollout resume).") { Command = "rollout resume" },
        new("POST", "/api/v1/rollouts/{service}/abort", Role.Operator, "Roll back to the known-good version in any phase (warden rollout abort).") { Command = "rollout abort" },
        new("POST", "/api/v1/rollouts/{service}/promote", Role.Approver, "Skip to the next step now, production included (warden rollout promote); not by whoever registered the candidate or started the rollout.") { Command = "rollout promote", Rule = ApiRule.RolloutDecision },
        new("POST", "/api/v1/rollouts/{service}/approve", Role.Approver, "Promote a rollout awaiting approval (warden rollout approve); not by whoever registered the candidate or started the rollout.") { Command = "rollout approve", Rule = ApiRule.RolloutDecision },

        // Telemetry and shadow summaries (this server's gateway, in memory).
        new("GET", "/api/v1/telemetry", Role.Viewer, "A service version's live windows: requests, errors, latency quantiles with intervals, per arm (the admin listener's /admin/telemetry; service=, version=, seconds=, arm=)."),
        new("GET", "/api/v1/telemetry/series", Role.Viewer, "A service's live traffic as time series from this server's gateway: per version and arm, buckets of step= seconds over the last seconds= (requests, errors, throughput, error rate, P95 and compliance with intervals), with the policy's targets."),
        new("GET", "/api/v1/shadow", Role.Viewer, "The shadow comparisons per service: pairs, agreement, score differences (the admin listener's /admin/shadow)."),

        // The live guard (the leading server's, in memory).
        new("GET", "/api/v1/guard", Role.Viewer, "What the live guard sees on the leading server: per rollout it watches (or rolled back in the last 30 minutes), each trigger's current reading and anytime-valid bound against its threshold, and one point per second for 30 minutes."),

        // Drills.
        new("POST", "/api/v1/drills/{service}", Role.Operator, "Drill the rollback path through this server's gateway and wait for the runs; exit 6 when one failed (warden drill).") { Command = "drill", Options = ["fault", "aa", "rate", "delay-ms", "runs", "duration", "fault-after", "on-live"] },

        // Cycles.
        new("GET", "/api/v1/cycles", Role.Viewer, "The most recent heartbeat cycles, oldest first (warden cycle list).") { Command = "cycle list", Options = ["limit"] },
        new("GET", "/api/v1/cycles/{id}", Role.Viewer, "One cycle's record (warden cycle show ID).") { Command = "cycle show" },
        new("POST", "/api/v1/cycles", Role.Operator, "Ask the leading server for a cycle now; 202 with the request's event id at once."),
        new("POST", "/api/v1/cycles/run", Role.Operator, "Ask the leading server for a cycle and wait for its end, printing each phase; exit 6 when a phase failed (warden cycle run).") { Command = "cycle run", Options = ["timeout"] },

        // Channels.
        new("GET", "/api/v1/channels", Role.Viewer, "Every channel with its message count and newest message (warden channel list).") { Command = "channel list" },
        new("GET", "/api/v1/channels/{name}/messages", Role.Viewer, "A channel's most recent messages, oldest first (warden channel tail NAME).") { Command = "channel tail", Options = ["since", "limit"], StreamOptions = ["follow"] },
        new("GET", "/api/v1/channels/{name}/stream", Role.Viewer, "A channel as Server-Sent Events: new messages as they are published (id = audit sequence; Last-Event-ID resumes)."),

        // Audit.
        new("GET", "/api/v1/audit", Role.Viewer, "Audit events, most recent limit= oldest first, filtered by since=, subject= and action= (warden audit list).") { Command = "audit list", Options = ["since", "subject", "action", "limit"] },
        new("GET", "/api/v1/audit/head", Role.Viewer, "The audit log's head: the last event's id and hash (warden audit head).") { Command = "audit head" },
        new("GET", "/api/v1/audit/verify", Role.Viewer, "Recompute the hash chain and check every state row; exit 6 when broken (warden audit verify).") { Command = "audit verify", Options = ["anchor", "allow-empty"] },
        new("POST", "/api/v1/audit", Role.Operator, "Record an operator's note, under the token's name (warden audit append).") { Command = "audit append", Options = ["subject", "action", "payload", "deployment", "evidence"] },

        // Live events.
        new("GET", "/api/v1/events", Role.Viewer, "Every audit event appended from now on (or after Last-Event-ID) as Server-Sent Events: id = audit sequence, event = action, data = the event as 'warden audit list --json' prints it."),

        // Tokens.
        new("GET", "/api/v1/tokens", Role.Admin, "The API tokens: name, role, status, creator, expiry; never a token or its hash (warden token list).") { Command = "token list" },
        new("POST", "/api/v1/tokens", Role.Admin, "Create a token and answer it once (warden token create).") { Command = "token create", Options = ["name", "role", "expires"] },
        new("POST", "/api/v1/tokens/{name}/revoke", Role.Admin, "Revoke a token (warden token revoke).") { Command = "token revoke" },
    ];

    /// <summary>Maps every endpoint of <see cref="All"/>, each behind <paramref name="access"/>.</summary>
    public static void Map(IEndpointRouteBuilder app, IWardenStore store, ApiAccess access, AuditEventStream stream, CommandEndpoint commands, Warden.Core.Policy.VerdictPolicy policy, GuardEndpoint guard)
    {
        ArgumentNullException.ThrowIfNull(app);
        var handlers = new Dictionary<(string, string), Delegate>
        {
            [("POST", "/api/v1/cycles")] = async (HttpContext context, CancellationToken ct) =>
            {
                var request = await CycleRecords.RequestAsync(store, ApiAccess.Caller(context).Name, ct).ConfigureAwait(false);
                return Results.Json(new { Request = request.Id, RequestedBy = request.Actor }, JsonOutput.Options, statusCode: StatusCodes.Status202Accepted);
            },
            [("GET", "/api/v1/whoami")] = (HttpContext context) => Results.Json(WhoAmIJson.Of(ApiAccess.Caller(context)), JsonOutput.Options),
            [("GET", "/api/v1/telemetry/series")] = (HttpContext context) => Telemetry(context, c => TelemetrySeriesEndpoint.Get(c, policy)),
            [("GET", "/api/v1/events")] = () => stream.Events(),
            [("GET", "/api/v1/guard")] = (CancellationToken ct) => guard.GetAsync(ct),
            [("GET", "/api/v1/telemetry")] = (HttpContext context) => Telemetry(context, Warden.Gateway.Telemetry.TelemetryEndpoints.GetTelemetry),
            [("GET", "/api/v1/shadow")] = (HttpContext context) => Telemetry(context, Warden.Gateway.Telemetry.TelemetryEndpoints.GetShadow),
            [("GET", "/api/v1/channels/{name}/stream")] = (string name, HttpContext context) => ChannelNames.IsKnown(name)
                ? stream.Channel(name)
                : ApiProblems.NotFound($"unknown channel '{name}'; the channels are {string.Join(", ", ChannelNames.All)}."),
        };

        foreach (var route in All)
        {
            Delegate handler;
            if (route.Command is null)
            {
                handler = handlers[(route.Method, route.Path)];
            }
            else
            {
                handler = (HttpContext context, CancellationToken ct) => commands.RunAsync(route, context, ct);
            }

            var endpoint = app.MapMethods(route.Path, [route.Method], handler)
                .WithSummary(route.Summary)
                .WithDescription(Description(route))
                .WithTags(route.Path.Split('/')[3])
                .WithMetadata(route)
                .AddEndpointFilter(async (invocation, next) => await access.AuthoriseAsync(invocation.HttpContext, route).ConfigureAwait(false) ?? await next(invocation).ConfigureAwait(false));
            if (route.Command is not null)
            {
                endpoint.Produces(StatusCodes.Status200OK, contentType: "application/json", additionalContentTypes: ["text/plain", CommandEndpoint.RunMediaType, CommandEndpoint.StreamMediaType])
                    .ProducesProblem(StatusCodes.Status400BadRequest)
                    .ProducesProblem(StatusCodes.Status404NotFound)
                    .ProducesProblem(StatusCodes.Status409Conflict);
            }
        }

        if (handlers.Count != All.Count(r => r.Command is null))
        {
            throw new InvalidOperationException("an API handler has no entry in ApiEndpoints.All (and so no authorisation rule)");
        }
    }

    // The gateway's own summaries, when this host runs a gateway with telemetry.
    private static IResult Telemetry(HttpContext context, Func<HttpContext, IResult> summary) =>
        context.RequestServices.GetService(typeof(Warden.Gateway.Telemetry.TrafficRecorder)) is null
            ? ApiProblems.Of(StatusCodes.Status503ServiceUnavailable, "No gateway telemetry", "this server runs no gateway telemetry; ask the 'warden serve' whose gateway carries the traffic.")
            : summary(context);

    // The role, and for a command what it runs and which parameters it takes.
    private static string Description(ApiRoute route)
    {
        var role = $"Needs the {route.NeedsText} role (or one that includes it).";
        if (route.Command is null)
        {
            return role;
        }

        var where = route.Method == "GET" ? "query parameters" : "members of a JSON object body";
        var options = route.Options.Count == 0 ? "It takes no parameters." : $"Parameters ({where}), each the option of the same name: {string.Join(", ", route.Options)}.";
        return $"{role} Runs 'warden {route.Command}' on the server under the token's name; answers its --json output (Accept: application/json), its text (text/plain), {{exit, stdout, stderr}} ({CommandEndpoint.RunMediaType}), or its output as it is written ({CommandEndpoint.StreamMediaType}), with its exit code in the {CommandEndpoint.ExitHeader} header. {options}";
    }
}

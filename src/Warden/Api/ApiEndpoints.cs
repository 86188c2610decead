using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warden.Access;
using Warden.Channels;
using Warden.Cli.Channel;
using Warden.Cli.Cycle;
using Warden.Cli.Registry;
using Warden.Cli.Rollout;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Core.Cycle;
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

    /// <summary>Every endpoint and the role it needs.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("GET", "/api/v1/cycles", Role.Viewer, "The most recent heartbeat cycles, oldest first (warden cycle list --json)."),
        new("GET", "/api/v1/cycles/{id}", Role.Viewer, "One cycle's record (warden cycle show ID --json)."),
        new("POST", "/api/v1/cycles", Role.Operator, "Ask the leading server for a cycle now (warden cycle run); 202 with the request's event id."),
        new("GET", "/api/v1/channels", Role.Viewer, "Every channel with its message count and newest message (warden channel list --json)."),
        new("GET", "/api/v1/channels/{name}/messages", Role.Viewer, "A channel's most recent messages, oldest first (warden channel tail NAME --json)."),
        new("GET", "/api/v1/channels/{name}/stream", Role.Viewer, "A channel as Server-Sent Events: new messages as they are published (id = audit sequence; Last-Event-ID resumes)."),
        new("GET", "/api/v1/audit/head", Role.Viewer, "The audit log's head: the last event's sequence and hash (warden audit head)."),
        new("GET", "/api/v1/registry/{model}", Role.Viewer, "A model's versions and aliases (warden registry show MODEL --json)."),
        new("POST", "/api/v1/rollouts/{service}/pause", Role.Operator, "Hold the service's rollout at its phase and step (warden rollout pause)."),
        new("POST", "/api/v1/rollouts/{service}/resume", Role.Operator, "Continue a paused rollout with a fresh analysis window (warden rollout resume)."),
        new("POST", "/api/v1/rollouts/{service}/abort", Role.Operator, "Roll back to the known-good version in any phase (warden rollout abort)."),
        new("POST", "/api/v1/rollouts/{service}/promote", Role.Approver, "Skip to the next step now, production included (warden rollout promote); not by whoever registered the candidate or started the rollout."),
        new("POST", "/api/v1/rollouts/{service}/approve", Role.Approver, "Promote a rollout awaiting approval (warden rollout approve); not by whoever registered the candidate or started the rollout."),
        new("GET", "/api/v1/rollouts/{service}/status", Role.Viewer, "The service's latest rollout: where it is and why, the plan, every decision and the current window judged now (warden rollout status SERVICE --json)."),
    ];

    /// <summary>Maps every endpoint of <see cref="All"/>, each behind <paramref name="access"/>.</summary>
    public static void Map(IEndpointRouteBuilder app, IWardenStore store, VerdictPolicy policy, ApiAccess access, ChannelStream stream)
    {
        ArgumentNullException.ThrowIfNull(app);
        var handlers = new Dictionary<(string, string), Delegate>
        {
            [("GET", "/api/v1/cycles")] = async (int? limit, CancellationToken ct) =>
            {
                if (limit is < 1 or > 10_000)
                {
                    return ApiProblems.BadInput($"limit={limit}: give a number from 1 to 10000.");
                }

                var cycles = await store.ReadAsync((tx, c) => CycleRecords.ListAsync(tx, limit ?? 20, c), ct).ConfigureAwait(false);
                return Json(new { Cycles = cycles.Select(CycleListCommand.Json).ToList() });
            },
            [("GET", "/api/v1/cycles/{id}")] = async (string id, CancellationToken ct) =>
            {
                var detail = await store.ReadAsync((tx, c) => CycleRecords.ShowAsync(tx, id, c), ct).ConfigureAwait(false);
                return detail?.Record is { } record ? Results.Text(CycleReport.Json(record), "application/json")
                    : detail is null ? ApiProblems.NotFound($"no cycle '{id}' on this store; see GET /api/v1/cycles.")
                    : ApiProblems.Of(StatusCodes.Status409Conflict, "Cycle not ended", $"cycle {id} has no end recorded yet ({detail.Phases.Count} of {CyclePhases.All.Count} phases); ask again when it ends.");
            },
            [("POST", "/api/v1/cycles")] = async (HttpContext context, CancellationToken ct) =>
            {
                var request = await CycleRecords.RequestAsync(store, ApiAccess.Caller(context).Name, ct).ConfigureAwait(false);
                return Results.Json(new { Request = request.Id, RequestedBy = request.Actor }, JsonOutput.Options, statusCode: StatusCodes.Status202Accepted);
            },
            [("GET", "/api/v1/channels")] = async (CancellationToken ct) =>
            {
                var statuses = await store.ReadAsync((tx, c) => ChannelLog.StatusAsync(tx, c), ct).ConfigureAwait(false);
                return Json(new { Channels = statuses.Select(s => new { s.Channel, s.Messages, Last = s.Last is { } last ? ChannelJson.Entry(last) : null }).ToList() });
            },
            [("GET", "/api/v1/channels/{name}/messages")] = async (string name, int? limit, CancellationToken ct) =>
            {
                if (!ChannelNames.IsKnown(name))
                {
                    return ApiProblems.NotFound($"unknown channel '{name}'; the channels are {string.Join(", ", ChannelNames.All)}.");
                }

                if (limit is < 1 or > 100_000)
                {
                    return ApiProblems.BadInput($"limit={limit}: give a number from 1 to 100000.");
                }

                var entries = await store.ReadAsync((tx, c) => ChannelLog.ReadAsync(tx, name, null, null, limit ?? 20, c), ct).ConfigureAwait(false);
                return Json(new { Channel = name, Messages = entries.Select(ChannelJson.Entry).ToList() });
            },
            [("GET", "/api/v1/channels/{name}/stream")] = (string name, HttpContext context) => ChannelNames.IsKnown(name)
                ? stream.Result(name)
                : ApiProblems.NotFound($"unknown channel '{name}'; the channels are {string.Join(", ", ChannelNames.All)}."),
            [("GET", "/api/v1/audit/head")] = async (CancellationToken ct) =>
            {
                var head = await store.ReadAsync((tx, c) => tx.Audit.HeadAsync(c), ct).ConfigureAwait(false);
                return head is null ? ApiProblems.NotFound("the audit log is empty.") : Json(new { head.Sequence, Event = Audit.AuditIds.Format(head.Sequence), head.Hash });
            },
            [("GET", "/api/v1/registry/{model}")] = async (string model, CancellationToken ct) =>
            {
                try
                {
                    RegistryNames.CheckName(model, "model");
                    var (aliases, versions) = await RegistryShowCommand.ReadAsync(store, model, null, ct).ConfigureAwait(false);
                    return Json(new RegistryShowCommand.ModelJson(model, aliases, [.. versions.Select(v => RegistryJson.VersionJson.Of(v, aliases))]));
                }
                catch (RegistryRefusal refusal)
                {
                    return Refusal(refusal);
                }
            },
            [("POST", "/api/v1/rollouts/{service}/pause")] = (string service, HttpContext context, CancellationToken ct) => CommandAsync(store, policy, service, RolloutCommand.Pause, ApiAccess.Caller(context), ct),
            [("POST", "/api/v1/rollouts/{service}/resume")] = (string service, HttpContext context, CancellationToken ct) => CommandAsync(store, policy, service, RolloutCommand.Resume, ApiAccess.Caller(context), ct),
            [("POST", "/api/v1/rollouts/{service}/abort")] = (string service, HttpContext context, CancellationToken ct) => CommandAsync(store, policy, service, RolloutCommand.Abort, ApiAccess.Caller(context), ct),
            [("POST", "/api/v1/rollouts/{service}/promote")] = (string service, HttpContext context, CancellationToken ct) => CommandAsync(store, policy, service, RolloutCommand.Promote, ApiAccess.Caller(context), ct),
            [("POST", "/api/v1/rollouts/{service}/approve")] = (string service, HttpContext context, CancellationToken ct) => CommandAsync(store, policy, service, RolloutCommand.Approve, ApiAccess.Caller(context), ct),
            [("GET", "/api/v1/rollouts/{service}/status")] = async (string service, CancellationToken ct) =>
            {
                try
                {
                    return Json(RolloutStatusCommand.Json(await RolloutStatusView.ReadAsync(store, service, policy, ct).ConfigureAwait(false)));
                }
                catch (RolloutRefusal refusal)
                {
                    return ApiProblems.NotFound(refusal.Message);
                }
                catch (RegistryRefusal refusal)
                {
                    return Refusal(refusal);
                }
            },
        };

        foreach (var route in All)
        {
            var handler = handlers[(route.Method, route.Path)];
            app.MapMethods(route.Path, [route.Method], handler)
                .WithSummary(route.Summary)
                .WithDescription($"Needs the {Roles.Name(route.Needs)} role (or one that includes it).")
                .WithTags(route.Path.Split('/')[3])
                .WithMetadata(route)
                .AddEndpointFilter(async (invocation, next) => await access.AuthoriseAsync(invocation.HttpContext, route).ConfigureAwait(false) ?? await next(invocation).ConfigureAwait(false));
        }

        if (handlers.Count != All.Count)
        {
            throw new InvalidOperationException("an API handler has no entry in ApiEndpoints.All (and so no authorisation rule)");
        }
    }

    // A human command on the service's unfinished rollout, as 'warden rollout COMMAND' runs it, under
    // the token's name. Promote and approve are the decisions separation of duties covers: the
    // audit log's record of who registered the candidate and who started the rollout may not make them.
    private static async Task<IResult> CommandAsync(IWardenStore store, VerdictPolicy policy, string service, RolloutCommand command, ApiCaller caller, CancellationToken cancellationToken)
    {
        var typed = RolloutMachine.CommandText(command);
        try
        {
            RegistryNames.CheckName(service, "service");
            if (command is RolloutCommand.Promote or RolloutCommand.Approve)
            {
                var (rollout, registeredBy) = await store.ReadAsync(async (tx, ct) =>
                {
                    var found = await RolloutLookup.FindAsync(tx, service, null, ct).ConfigureAwait(false);
                    var version = await ModelRegistry.RequireAsync(tx, service, found.State.Candidate, ct).ConfigureAwait(false);
                    return (found, version.RegisteredBy);
                }, cancellationToken).ConfigureAwait(false);
                var role = caller.Name == rollout.StartedBy ? "started this rollout" : caller.Name == registeredBy ? $"registered {service} {rollout.State.Candidate}" : null;
                if (role is not null)
                {
                    return ApiProblems.Of(
                        StatusCodes.Status403Forbidden,
                        "Separation of duties",
                        $"token '{caller.Name}' {role}, so it cannot {typed} it: another approver must (docs/roles.md).",
                        new Dictionary<string, object?> { ["needs"] = Roles.Name(Role.Approver), ["rule"] = "separation_of_duties" });
                }
            }

            var outcome = await RolloutOperations.CommandAsync(store, service, command, caller.Name, policy.VerdictMaxAge, cancellationToken).ConfigureAwait(false);
            if (!outcome.Stored || outcome.AuditSequence is not { } sequence)
            {
                return ApiProblems.Of(StatusCodes.Status409Conflict, "Rollout moved", $"cannot {typed} rollout {outcome.Rollout.Id} of {service}: 'warden serve' moved it while the command was stored; nothing was stored. See GET /api/v1/rollouts/{service}/status and send it again.");
            }

            return Json(new RolloutHumanCommand.CommandJson(
                typed, outcome.Rollout.Id, $"command:{typed}", outcome.Transition.Reason, Audit.AuditIds.Format(sequence), RolloutJson.SummaryJson.Of(outcome.Rollout)));
        }
        catch (RegistryRefusal refusal) when (refusal.Code is RefusalCodes.InvalidName)
        {
            return ApiProblems.BadInput(refusal.Message);
        }
        catch (RegistryRefusal refusal)
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, "Refused", RolloutWording.ForPromotion(refusal, service, typed).Message);
        }
        catch (RolloutRefusal refusal)
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, "Refused", refusal.Message);
        }
    }

    // The CLI's refusal wording; an unknown name is 404, a bad one 400.
    private static IResult Refusal(RegistryRefusal refusal) =>
        refusal.Code is RefusalCodes.UnknownModel or RefusalCodes.UnknownVersion ? ApiProblems.NotFound(refusal.Message) : ApiProblems.BadInput(refusal.Message);

    private static IResult Json<T>(T value) => Results.Text(JsonSerializer.Serialize(value, JsonOutput.Options), "application/json");
}

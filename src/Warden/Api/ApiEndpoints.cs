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
                    var (aliases, versions) = await store.ReadAsync(async (tx, c) =>
                    {
                        var found = await tx.Registry.VersionsAsync(model, c).ConfigureAwait(false);
                        return found.Count == 0
                            ? throw new RegistryRefusal(RefusalCodes.UnknownModel, $"model '{model}' has no registered versions; register one with 'warden registry add {model} VERSION --artifact PATH'.")
                            : (await tx.Registry.AliasesAsync(model, c).ConfigureAwait(false), found);
                    }, ct).ConfigureAwait(false);
                    return Json(new RegistryShowCommand.ModelJson(model, aliases, [.. versions.Select(v => RegistryJson.VersionJson.Of(v, aliases))]));
                }
                catch (RegistryRefusal refusal)
                {
                    return Refusal(refusal);
                }
            },
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

    // The CLI's refusal wording; an unknown name is 404, a bad one 400.
    private static IResult Refusal(RegistryRefusal refusal) =>
        refusal.Code is RefusalCodes.UnknownModel or RefusalCodes.UnknownVersion ? ApiProblems.NotFound(refusal.Message) : ApiProblems.BadInput(refusal.Message);

    private static IResult Json<T>(T value) => Results.Text(JsonSerializer.Serialize(value, JsonOutput.Options), "application/json");
}

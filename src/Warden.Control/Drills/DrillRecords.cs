using System.Globalization;
using System.Text.Json.Nodes;
using Warden.Audit;
using Warden.Channels;
using Warden.Core.Drills;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Drills;

/// <summary>
/// Drill runs in the store. Each run is one <c>drill</c> audit event whose payload is the run's
/// entry of <c>recovery_test.json</c>: the hash chain itself holds the results, so a decision that
/// reads them (rollback readiness, the Rollback Officer's report) trusts only what the chain vouches for.
/// </summary>
internal static class DrillRecords
{
    /// <summary>The audit subject of a service's drills: <c>drill:SERVICE</c>.</summary>
    public static string Subject(string service) => $"drill:{service}";

    /// <summary>Records <paramref name="run"/>; returns its event.</summary>
    public static ValueTask<AuditEvent> RecordAsync(IWardenStore store, DrillRun run, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return store.WriteAsync(
            async (tx, ct) =>
            {
                var payload = AuditPayload.Of(DrillReport.Node(run));
                var recorded = await tx.Audit.AppendAsync(new AuditEventDraft
                {
                    Actor = actor,
                    Action = AuditActions.Drill,
                    Subject = Subject(run.Service),
                    DeploymentId = run.RunId,
                    Payload = payload,
                }, ct).ConfigureAwait(false);
                await ChannelLog.PublishAsync(
                    tx,
                    new ChannelMessage
                    {
                        Channel = ChannelNames.Rollback,
                        Kind = "drill",
                        Publisher = "warden drill",
                        Summary = Summary(run),
                        Service = run.Service,
                        EvidenceIds = run.RollbackRunId is { } rollback ? [run.RunId, rollback, recorded.Id] : [run.RunId, recorded.Id],
                        Data = JsonNode.Parse(payload),
                    },
                    actor,
                    ct).ConfigureAwait(false);
                return recorded;
            },
            cancellationToken);
    }

    /// <summary>The drill's line on <c>v1_rollback_feed</c>.</summary>
    public static string Summary(DrillRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var what = run.Fault is { } fault ? $"{fault} fault" : "A/A (no fault)";
        var result = run.Success ? "passed" : "FAILED";
        var rolledBack = run.RolledBack
            ? $"rolled back {run.Candidate} → {run.KnownGood} by {run.Trigger ?? "?"}" + (run.RtoSeconds is { } rto ? string.Create(CultureInfo.InvariantCulture, $"; RTO {rto:0.00} s") : string.Empty)
            : "no rollback";
        return $"drill {run.RunId} on {run.Service} ({what}): {result}; {rolledBack}" + (run.Problem is { } problem ? $"; {problem}" : string.Empty);
    }

    /// <summary>
    /// The latest fault-drill run of <paramref name="service"/> recorded at or before
    /// <paramref name="asOf"/> (A/A runs test the guard's restraint, not the rollback path), with
    /// its event; null when there is none.
    /// </summary>
    public static async ValueTask<(DrillRun Run, AuditEvent Event)?> LatestFaultRunAsync(IStoreTransaction tx, string service, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);

        // The newest 10,000 drill events are plenty: drills run weekly, a few dozen runs each.
        var events = await tx.Audit.ListAsync(new AuditQuery { Subject = Subject(service), Action = AuditActions.Drill, Limit = 10_000 }, cancellationToken).ConfigureAwait(false);
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var e = events[i];
            if (e.Time <= asOf && DrillReport.Read(e.Payload) is { Fault: not null } run)
            {
                return (run, e);
            }
        }

        return null;
    }

    /// <summary>Every drill run recorded since <paramref name="since"/>, oldest first, with its event (payloads that are not runs are skipped and counted).</summary>
    public static ValueTask<(IReadOnlyList<(DrillRun Run, AuditEvent Event)> Runs, int Unreadable)> SinceAsync(IStoreTransaction tx, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        ListAsync(tx, null, since, limit, cancellationToken);

    /// <summary>
    /// The most recent <paramref name="limit"/> drill runs, of <paramref name="service"/> when given and
    /// since <paramref name="since"/> when given, oldest first, with their events (payloads that are not
    /// runs are skipped and counted).
    /// </summary>
    public static async ValueTask<(IReadOnlyList<(DrillRun Run, AuditEvent Event)> Runs, int Unreadable)> ListAsync(IStoreTransaction tx, string? service, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var query = new AuditQuery { Since = since, Action = AuditActions.Drill, Subject = service is null ? null : Subject(service), Limit = limit };
        var events = await tx.Audit.ListAsync(query, cancellationToken).ConfigureAwait(false);
        var runs = new List<(DrillRun, AuditEvent)>(events.Count);
        var unreadable = 0;
        foreach (var e in events)
        {
            if (DrillReport.Read(e.Payload) is { } run)
            {
                runs.Add((run, e));
            }
            else
            {
                unreadable++;
            }
        }

        return (runs, unreadable);
    }
}

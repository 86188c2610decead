using System.Text.Json;
using System.Text.Json.Nodes;
using Warden.Audit;
using Warden.Core.Cycle;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Cycle;

/// <summary>
/// Cycles in the store, as audit events under subject <c>cycle:ID</c>: <c>cycle.begin</c> when one
/// begins, <c>cycle.phase</c> per phase (the phase's result), <c>cycle.end</c> with the whole record.
/// A request for a cycle (<c>warden cycle run</c> without <c>--once</c>) is a <c>cycle.request</c>
/// under <c>cycle:requests</c>. The schedule is read from the same events, so every server on a
/// store keeps the same one.
/// </summary>
internal static class CycleRecords
{
    /// <summary>The subject of requests.</summary>
    public const string RequestSubject = "cycle:requests";

    /// <summary>The audit subject of one cycle.</summary>
    public static string Subject(string cycleId) => $"cycle:{cycleId}";

    /// <summary>Appends the cycle's begin event.</summary>
    public static ValueTask<AuditEvent> BeginAsync(IStoreTransaction tx, CycleBegin begin, CancellationToken cancellationToken) =>
        tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = begin.Holder,
            Action = AuditActions.CycleBegin,
            Subject = Subject(begin.Cycle),
            Payload = AuditPayload.Of(begin),
        }, cancellationToken);

    /// <summary>Appends one phase's result.</summary>
    public static ValueTask<AuditEvent> PhaseAsync(IStoreTransaction tx, string cycleId, string holder, CyclePhaseResult phase, CancellationToken cancellationToken) =>
        tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = holder,
            Action = AuditActions.CyclePhase,
            Subject = Subject(cycleId),
            EvidenceIds = [.. phase.Findings.SelectMany(f => f.EvidenceIds).Distinct(StringComparer.Ordinal).Take(200)],
            Payload = CycleReport.PhaseJson(phase),
        }, cancellationToken);

    /// <summary>Appends the cycle's end event, carrying the whole record.</summary>
    public static ValueTask<AuditEvent> EndAsync(IStoreTransaction tx, CycleRecord record, CancellationToken cancellationToken) =>
        tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = record.Holder,
            Action = AuditActions.CycleEnd,
            Subject = Subject(record.Id),
            Payload = CycleReport.CompactJson(record),
        }, cancellationToken);

    /// <summary>Asks the servers on the store for a cycle now; returns the request's event.</summary>
    public static ValueTask<AuditEvent> RequestAsync(IWardenStore store, string actor, CancellationToken cancellationToken) =>
        store.WriteAsync(
            (tx, ct) => tx.Audit.AppendAsync(new AuditEventDraft
            {
                Actor = actor,
                Action = AuditActions.CycleRequest,
                Subject = RequestSubject,
                Payload = AuditPayload.Of(new { RequestedBy = actor }),
            }, ct),
            cancellationToken);

    /// <summary>The last cycle begun on the store (its begin event), or null when none ever ran.</summary>
    public static async ValueTask<(CycleBegin Begin, AuditEvent Event)?> LatestBeginAsync(IStoreTransaction tx, CancellationToken cancellationToken)
    {
        var events = await tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.CycleBegin, Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return events.Count == 1 && ReadBegin(events[0].Payload) is { } begin ? (begin, events[0]) : null;
    }

    /// <summary>
    /// The audit sequence up to which cycle <paramref name="cycleId"/>'s innovation relay read the
    /// rollbacks: its relay phase's event, or its begin event when it recorded none (it stopped
    /// before, so it reported nothing). The next relay reads after it, so no rollback is reported twice.
    /// </summary>
    public static async ValueTask<long> RelayedUpToAsync(IStoreTransaction tx, string cycleId, long beginSequence, CancellationToken cancellationToken)
    {
        var phases = await tx.Audit.ListAsync(
            new AuditQuery { Subject = Subject(cycleId), Action = AuditActions.CyclePhase, AfterSequence = beginSequence, FromOldest = true, Limit = 100 }, cancellationToken).ConfigureAwait(false);
        return phases.FirstOrDefault(e => CycleReport.ReadPhase(e.Payload)?.Phase == CyclePhases.Relay)?.Sequence ?? beginSequence;
    }

    /// <summary>The newest request no cycle has answered yet (one made after the last cycle began), or null.</summary>
    public static async ValueTask<AuditEvent?> PendingRequestAsync(IStoreTransaction tx, long? lastBeginSequence, CancellationToken cancellationToken)
    {
        var requests = await tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.CycleRequest, Subject = RequestSubject, Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return requests.Count == 1 && requests[0].Sequence > (lastBeginSequence ?? 0) ? requests[0] : null;
    }

    /// <summary>The most recent cycles, oldest first: each begin with its end (null while running, or when the server died mid-cycle).</summary>
    public static async ValueTask<IReadOnlyList<CycleSummary>> ListAsync(IStoreTransaction tx, int limit, CancellationToken cancellationToken)
    {
        var begins = await tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.CycleBegin, Limit = limit }, cancellationToken).ConfigureAwait(false);
        if (begins.Count == 0)
        {
            return [];
        }

        var ends = await tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.CycleEnd, Since = begins[0].Time, Limit = limit + 10 }, cancellationToken).ConfigureAwait(false);
        var bySubject = ends.GroupBy(e => e.Subject, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var list = new List<CycleSummary>(begins.Count);
        foreach (var e in begins)
        {
            if (ReadBegin(e.Payload) is not { } begin)
            {
                continue;
            }

            var end = bySubject.GetValueOrDefault(e.Subject);
            list.Add(new CycleSummary(begin, e, end is null ? null : CycleReport.Read(end.Payload), end));
        }

        return list;
    }

    /// <summary>One cycle: its begin, its phases as recorded so far, and its end; null when no cycle has that id.</summary>
    public static async ValueTask<CycleDetail?> ShowAsync(IStoreTransaction tx, string cycleId, CancellationToken cancellationToken)
    {
        var events = await tx.Audit.ListAsync(new AuditQuery { Subject = Subject(cycleId), Limit = 1000 }, cancellationToken).ConfigureAwait(false);
        var beginEvent = events.FirstOrDefault(e => e.Action == AuditActions.CycleBegin);
        if (beginEvent is null || ReadBegin(beginEvent.Payload) is not { } begin)
        {
            return null;
        }

        var phases = events.Where(e => e.Action == AuditActions.CyclePhase).Select(e => (Phase: CycleReport.ReadPhase(e.Payload), Event: e)).ToList();
        var endEvent = events.LastOrDefault(e => e.Action == AuditActions.CycleEnd);
        return new CycleDetail(
            begin,
            beginEvent,
            [.. phases.Where(p => p.Phase is not null).Select(p => (p.Phase!, p.Event))],
            phases.Count(p => p.Phase is null),
            endEvent is null ? null : CycleReport.Read(endEvent.Payload),
            endEvent);
    }

    private static CycleBegin? ReadBegin(string payload)
    {
        try
        {
            return JsonNode.Parse(payload) is JsonObject o && o["cycle"]?.GetValue<string>() is { } cycle
                ? new CycleBegin
                {
                    Cycle = cycle,
                    Trigger = o["trigger"]?.GetValue<string>() ?? "?",
                    Holder = o["holder"]?.GetValue<string>() ?? "?",
                    Request = o["request"]?.GetValue<string>(),
                    StartedAt = o["started_at"]?.GetValue<DateTimeOffset>() ?? default,
                    WindowFrom = o["window_from"]?.GetValue<DateTimeOffset>() ?? default,
                }
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using Warden.Audit;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Guard;

/// <summary>
/// The live guard's latest word on a rollout's evidence, as the audit log keeps it
/// (<see cref="AuditActions.GuardEvidence"/>): written when the evidence could not be read (the
/// guard's looks are then inconclusive) and when it could again. <c>warden rollout status</c>
/// shows it, since the guard runs in the server and the command reads the store.
/// </summary>
internal sealed record GuardEvidenceNote
{
    /// <summary>When the guard said it.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary><c>unavailable</c> (looks inconclusive) or <c>available</c>.</summary>
    public required string Status { get; init; }

    /// <summary><c>gateway</c> or <c>prometheus</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Why the evidence could not be read; null when it could.</summary>
    public string? Reason { get; init; }

    /// <summary>The ids of the queries asked (<c>prom:…</c>).</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>The audit event for <paramref name="evidence"/> of <paramref name="rollout"/>.</summary>
    public static AuditEventDraft Draft(StoredRollout rollout, string actor, GuardEvidence evidence) => new()
    {
        Actor = actor,
        Action = AuditActions.GuardEvidence,
        Subject = RolloutTransitions.Subject(rollout.State.Service),
        DeploymentId = rollout.State.DeploymentId,
        EvidenceIds = evidence.EvidenceIds,
        Payload = AuditPayload.Of(new
        {
            Rollout = rollout.Id,
            rollout.State.Candidate,
            Status = evidence.Unavailable is null ? "available" : "unavailable",
            evidence.Source,
            Reason = evidence.Unavailable,
        }),
    };

    /// <summary>The guard's latest note on <paramref name="rollout"/>, or null when it wrote none.</summary>
    public static async ValueTask<GuardEvidenceNote?> LatestAsync(IStoreTransaction tx, StoredRollout rollout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(rollout);
        var events = await tx.Audit.ListAsync(
            new AuditQuery { Subject = RolloutTransitions.Subject(rollout.State.Service), Action = AuditActions.GuardEvidence, Since = rollout.StartedAt, Limit = 1 },
            cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return null;
        }

        var e = events[^1];
        using var payload = JsonDocument.Parse(e.Payload);
        var root = payload.RootElement;
        if (!root.TryGetProperty("rollout", out var id) || id.GetInt64() != rollout.Id)
        {
            return null;
        }

        return new GuardEvidenceNote
        {
            Time = e.Time,
            Status = root.GetProperty("status").GetString() ?? "unavailable",
            Source = root.TryGetProperty("source", out var source) ? source.GetString() ?? "prometheus" : "prometheus",
            Reason = root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null,
            EvidenceIds = e.EvidenceIds,
        };
    }
}

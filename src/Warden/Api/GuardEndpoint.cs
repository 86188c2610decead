using Microsoft.AspNetCore.Http;
using Warden.Core.Guard;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Guard;
using Warden.Leases;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Api;

/// <summary>
/// <c>GET /api/v1/guard</c>: what the live guard sees, from its reading log (<see cref="GuardReadingLog"/>):
/// per rollout it watches (or rolled back in the last 30 minutes) each trigger's current reading and
/// one point per second. Only the leading server guards; on another one the answer says so, names
/// the lease's holder when an unexpired lease is recorded, and lists no rollout.
/// </summary>
internal sealed class GuardEndpoint(IWardenStore store, GuardReadingLog? readings, Func<LeaseFence?> leading, VerdictPolicy policy, TimeProvider time)
{
    /// <summary>Answers the call.</summary>
    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        if (leading() is { } fence)
        {
            return Answer(true, fence.Holder, readings?.Snapshot() ?? []);
        }

        var lease = await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(RolloutControllerOptions.LeaseName, ct), cancellationToken).ConfigureAwait(false);
        return Answer(false, lease is { } held && held.ExpiresAt > time.GetUtcNow() ? held.Holder : null, []);
    }

    private IResult Answer(bool isLeading, string? holder, IReadOnlyList<GuardRolloutReadings> rollouts) => Results.Json(
        new
        {
            Leading = isLeading,
            Holder = holder,
            policy.Guard.IntervalMs,
            Rollouts = rollouts.Select(r => new
            {
                r.RolloutId,
                r.Service,
                r.Candidate,
                r.KnownGood,
                r.Phase,
                r.Step,
                r.Watching,
                r.EvidenceSource,
                r.EvidenceUnavailable,
                Tripped = r.Tripped is { } trip ? new { trip.Trigger, trip.Time, trip.RollbackRunId } : null,
                Triggers = r.Triggers.Select(t => new
                {
                    Trigger = RollbackTriggers.Name(t.Current.Trigger),
                    t.Current.Armed,
                    t.Current.Tripped,
                    t.Current.Observed,
                    t.Current.Bound,
                    t.Current.Threshold,
                    t.Current.Events,
                    t.Current.Requests,
                    t.Current.Description,
                    Series = t.Points.Select(p => new { p.Time, p.Observed, p.Bound, p.Threshold, p.Tripped }).ToList(),
                }).ToList(),
            }).ToList(),
        },
        JsonOutput.Options);
}

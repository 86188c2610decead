using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Warden.Audit;
using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Leases;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Guard;

/// <summary>
/// The live guard inside <c>warden serve</c>: every <see cref="Core.Policy.GuardPolicy.Interval"/>
/// (100 ms by default) it reads the in-process counts of every canary and of every promoted
/// version in its bake time, evaluates the rollback triggers (anytime-valid, so looking this often
/// does not inflate false alarms), and on a trip rolls back at once: the rollback is stored through
/// the rollout's transitions (compare-and-set, audited), the route swap sends all traffic to the
/// known-good version, and <c>rollback_log.json</c> and <c>postmortem_report.md</c> are written.
/// It acts only while this server holds the controller's lease; a failed look is logged and the
/// next interval looks again.
/// </summary>
internal sealed partial class RolloutGuard(
    IWardenStore store,
    ITrafficProvider traffic,
    IGuardSignals signals,
    Func<LeaseFence?> fence,
    RolloutGuardOptions options,
    TimeProvider time,
    ILogger logger)
{
    private readonly Dictionary<long, Watch> _watches = [];

    // Per rollout, why its evidence could not be read at the last look (null: it could), so that
    // the log and the audit log hear of a change once, not at every look.
    private readonly Dictionary<long, string?> _unavailable = [];

    /// <summary>Every rollback this guard carried out since it started (tests and the bench read it).</summary>
    public List<RollbackRecord> Rollbacks { get; } = [];

    /// <summary>Looks every interval until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Policy.Guard.Enabled)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Failed(logger, 0, "*", ex.Message);
            }

            try
            {
                await Task.Delay(options.Policy.Guard.Interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One look at every guarded rollout.</summary>
    public async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        if (fence() is not { } holding)
        {
            // Another server leads: it guards. Start afresh if this one leads again.
            _watches.Clear();
            options.Readings?.Clear();
            return;
        }

        var rollouts = await store.ReadAsync((tx, ct) => tx.Rollouts.ListAsync(null, activeOnly: true, 100, ct), cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<long>();
        foreach (var rollout in rollouts)
        {
            if (rollout.State.Phase is not (RolloutPhase.Canary or RolloutPhase.AwaitingApproval or RolloutPhase.Baking))
            {
                continue;
            }

            seen.Add(rollout.Id);
            try
            {
                await LookAsync(rollout, holding, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                Log.Failed(logger, rollout.Id, rollout.State.Service, ex.Message);
            }
        }

        options.Readings?.Watched(seen);
        foreach (var gone in _watches.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _watches.Remove(gone);
        }

        foreach (var gone in _unavailable.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _unavailable.Remove(gone);
        }
    }

    private async ValueTask LookAsync(StoredRollout rollout, LeaseFence holding, CancellationToken cancellationToken)
    {
        var state = rollout.State;
        var now = time.GetUtcNow();
        var evidence = await signals.RefreshAsync(state, now, cancellationToken).ConfigureAwait(false);
        await NoteEvidenceAsync(rollout, evidence, cancellationToken).ConfigureAwait(false);
        options.Readings?.Look(rollout.Id, state, evidence, now);
        if (evidence.Unavailable is not null)
        {
            // Inconclusive: no trigger is evaluated on counts that could not be read, and the look
            // does not count as a healthy one either (the windows see nothing new).
            return;
        }

        if (!_watches.TryGetValue(rollout.Id, out var watch) || !watch.Covers(state))
        {
            watch = StartWatch(state, now);
            _watches[rollout.Id] = watch;
        }

        ArmDrift(watch, state, now);
        var guarded = signals.Read(state.Service, state.Candidate);
        var reference = watch.HasReference ? signals.Read(state.Service, state.KnownGood) : (GuardCounts?)null;
        var down = signals.IsDown(state.Service, state.Candidate);
        watch.RestartIfDue(now, guarded, reference);

        // Every window is tested at every look, the whole phase first; the first trip rolls back.
        foreach (var window in watch.Windows)
        {
            var input = new GuardInput
            {
                Guarded = watch.GuardedCounts(window, guarded),
                Reference = reference is { } r && window.ReferenceStart is { } start ? r.Since(start) : null,
                GuardedDown = down,
                DriftThresholdMs = watch.DriftThresholdMs,
                Spend = window.Spend,
            };
            var readings = RollbackTriggers.Evaluate(options.Policy, input);
            window.Observe(readings, now);
            options.Readings?.Record(rollout.Id, readings, now);
            if (RollbackTriggers.FirstTripped(readings) is not { } tripped)
            {
                continue;
            }

            Log.Tripped(logger, rollout.Id, state.Service, state.Candidate, RollbackTriggers.Name(tripped.Trigger), tripped.Description);
            if (await RollBackAsync(rollout, watch, window, input, readings, tripped, now, evidence, holding, cancellationToken).ConfigureAwait(false))
            {
                _watches.Remove(rollout.Id);
            }

            return;
        }
    }

    // A new phase (a canary step, the bake time) is watched from its first look: the counts so far
    // are the baseline, and the drift threshold is production's P95 over its requests from then on.
    private Watch StartWatch(RolloutState state, DateTimeOffset now)
    {
        // During the bake time the known-good version serves nothing: no reference to compare with.
        // Otherwise production's P95, the drift trigger's reference, is measured in this phase only:
        // production's latency since the server started may come from another load altogether.
        var reference = state.Phase == RolloutPhase.Baking ? (GuardCounts?)null : signals.Read(state.Service, state.KnownGood);
        if (reference is not null)
        {
            signals.RestartP95(state.Service, state.KnownGood);
        }

        return new Watch(state, signals.Read(state.Service, state.Candidate), reference, Later(state.PhaseStartedAt, now));
    }

    private void ArmDrift(Watch watch, RolloutState state, DateTimeOffset now)
    {
        if (watch.DriftThresholdMs is not null || !watch.HasReference)
        {
            return;
        }

        if (signals.P95Ms(state.Service, state.KnownGood, options.DriftReferenceRequests) is not { } p95)
        {
            return;
        }

        var threshold = p95 + options.Policy.Latency.P95DriftLimitMs;
        signals.SetDriftThreshold(state.Service, state.Candidate, threshold);
        watch.ArmDrift(threshold, signals.Read(state.Service, state.Candidate), now);
        Log.Armed(logger, state.Service, state.Candidate, threshold, p95);
    }

    // True when the rollback was stored (whether or not the route swap worked: the controller's
    // next look brings the route in line with the stored state either way).
    private async ValueTask<bool> RollBackAsync(
        StoredRollout rollout, Watch watch, Window window, GuardInput input, IReadOnlyList<TriggerReading> readings, TriggerReading tripped, DateTimeOffset detectedAt,
        GuardEvidence evidence, LeaseFence holding, CancellationToken cancellationToken)
    {
        var state = rollout.State;
        var plan = RolloutPlanJson.Read(rollout.PlanJson);
        var runId = string.Create(CultureInfo.InvariantCulture, $"rb-{detectedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{rollout.Id}");
        var incidentId = "inc-" + runId[3..];
        var onset = window.OnsetOf(tripped.Trigger) ?? window.StartedAt;
        var reason = $"{RollbackTriggers.Name(tripped.Trigger)}: {tripped.Description} (rollback {runId})";
        var detail = JsonSerializer.Serialize(
            new
            {
                RollbackRunId = runId,
                IncidentId = incidentId,
                Trigger = RollbackTriggers.Name(tripped.Trigger),
                tripped.Observed,
                tripped.Bound,
                tripped.Threshold,
                FaultOnset = onset,
                Detection = detectedAt,
                WindowStartedAt = window.StartedAt,
                Guarded = input.Guarded,
                input.Reference,
                EvidenceSource = evidence.Source,
                Evidence = evidence.EvidenceIds,
            },
            JsonOutput.Compact);
        // The store and the route swap happen inside the route gate, so the controller's next
        // route change reads the rollback first.
        DateTimeOffset switchedAt;
        DateTimeOffset? restoredAt;
        TrafficChange change;
        var held = await options.RouteGate.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var outcome = await RolloutTransitions.ApplyAsync(
                store,
                rollout.Id,
                // The evidence is about this phase: a rollout that moved on meanwhile is judged afresh.
                (stored, _) => watch.Covers(stored.State)
                    ? (RolloutMachine.OnGuardTrip(stored.State, reason, detectedAt), new RolloutInput("guard", options.Holder, detail, evidence.EvidenceIds))
                    : null,
                holding,
                options.Policy.VerdictMaxAge,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (outcome is not { Stored: true })
            {
                // A human's command or the controller moved the rollout meanwhile (or the lease is gone):
                // the next look judges the stored state afresh.
                Log.Failed(logger, rollout.Id, state.Service, outcome?.Transition.Reason ?? "the rollout changed before the rollback could be stored; looking again");
                return false;
            }

            options.AfterStore?.Invoke(RolloutTransitions.ActionOf(state, outcome.Rollout.State));
            switchedAt = time.GetUtcNow();
            var route = RolloutRoutes.For(outcome.Rollout.State, plan);

            // Sending production back to the known-good version after a promotion is an override (no
            // verdict judges it against the version it replaces); taking a canary away is not.
            var current = await traffic.CurrentAsync(state.Service, cancellationToken).ConfigureAwait(false);
            var grounds = new TrafficGrounds(
                options.Holder,
                $"rollout {rollout.Id} of {state.Service} {state.Candidate}: rolled back by the live guard ({reason})",
                null,
                Override: current is not null && current.Production != route.Production);
            change = await traffic.ApplyAsync(state.Service, route, grounds, cancellationToken).ConfigureAwait(false);
            restoredAt = change.Applied ? time.GetUtcNow() : (DateTimeOffset?)null;
            if (!change.Applied)
            {
                Log.RouteFailed(logger, rollout.Id, state.Service, change.Problem ?? "refused");
            }
        }
        finally
        {
            held.Dispose();
        }

        var checkpoint = await store.ReadAsync((tx, ct) => tx.Checkpoints.LatestOfAsync(state.Service, state.KnownGood, onset, ct), cancellationToken).ConfigureAwait(false);
        var record = new RollbackRecord
        {
            RollbackRunId = runId,
            IncidentId = incidentId,
            RolloutId = rollout.Id,
            DeploymentId = state.DeploymentId,
            Service = state.Service,
            RolledBackVersion = state.Candidate,
            RestoredVersion = state.KnownGood,
            Phase = RolloutText.Where(state, plan),
            Trigger = tripped,
            Readings = readings,
            Guarded = input.Guarded,
            Reference = input.Reference,
            FalseAlarm = options.Policy.Guard.FalseAlarm,
            TriggerAlpha = RollbackTriggers.TriggerAlpha(options.Policy.Guard),
            WindowStartedAt = window.StartedAt,
            WindowAlpha = RollbackTriggers.TriggerAlpha(options.Policy.Guard) * window.Spend,
            FaultOnsetAt = onset,
            DetectedAt = detectedAt,
            SwitchedAt = switchedAt,
            RestoredAt = restoredAt,
            RestoredCheckpointVerifiedAt = checkpoint?.VerifiedAt,
            RtoObjectiveSeconds = options.Policy.Rollback.RtoMaxSeconds,
            RpoObjectiveSeconds = options.Policy.Rollback.RpoMaxSeconds,
            SwitchProblem = change.Applied ? null : change.Problem ?? "refused",
            Actor = options.Holder,
            EvidenceSource = evidence.Source,
            EvidenceIds = evidence.EvidenceIds,
        };
        var folder = WriteReports(record);
        await RecordAsync(record, folder, cancellationToken).ConfigureAwait(false);
        Rollbacks.Add(record);
        options.Readings?.Tripped(rollout.Id, tripped, detectedAt, runId);
        Log.RolledBack(logger, rollout.Id, state.Service, state.Candidate, state.KnownGood, runId, record.RtoSeconds ?? double.NaN, folder ?? "(no reports directory)");
        return true;
    }

    // Says once when the evidence of a rollout cannot be read, with the reason, and once when it can
    // again: in the log and in the audit log, where `warden rollout status` finds it.
    private async ValueTask NoteEvidenceAsync(StoredRollout rollout, GuardEvidence evidence, CancellationToken cancellationToken)
    {
        var before = _unavailable.GetValueOrDefault(rollout.Id);
        if (before == evidence.Unavailable || (before is null && evidence.Unavailable is null))
        {
            return;
        }

        var state = rollout.State;
        if (evidence.Unavailable is { } reason)
        {
            Log.EvidenceUnavailable(logger, rollout.Id, state.Service, state.Candidate, evidence.Source, reason);
        }
        else
        {
            Log.EvidenceAvailable(logger, rollout.Id, state.Service, state.Candidate, evidence.Source);
        }

        await store.WriteAsync((tx, ct) => tx.Audit.AppendAsync(GuardEvidenceNote.Draft(rollout, options.Holder, evidence), ct), cancellationToken).ConfigureAwait(false);
        _unavailable[rollout.Id] = evidence.Unavailable;
    }

    // The rollback's measured record, its feed message and the incident, in the audit log beside
    // the rollout's own rollout.rollback event (which the transition wrote, with the trigger and its evidence).
    private ValueTask<long> RecordAsync(RollbackRecord record, string? folder, CancellationToken cancellationToken) =>
        store.WriteAsync((tx, ct) => RollbackRecords.AppendAsync(tx, record, folder, ct), cancellationToken);

    private string? WriteReports(RollbackRecord record)
    {
        if (options.ReportsDirectory is not { } root)
        {
            return null;
        }

        var folder = Path.Combine(root, record.DeploymentId, record.RollbackRunId);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RollbackReport.LogFile), RollbackReport.Json(record));
        File.WriteAllText(Path.Combine(folder, RollbackReport.PostmortemFile), RollbackReport.PostmortemMarkdown(record));
        return folder;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

using System.Globalization;
using Warden.Audit;
using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Core.Rollouts;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Drills;

/// <summary>
/// Runs a drill against a running <c>warden serve</c>: per run, it waits for the route to be idle
/// and the faulty build to be ready, starts a drill rollout (the faulty build as a canary), waits
/// for the gateway to route it, injects the fault, and waits for the live guard's rollback, all the
/// while its own load runs through the gateway. Then it measures the run from the client's side and
/// the guard's rollback log, and records it (a <c>drill</c> audit event). A run that fails is a
/// recorded result, not an exception; only what makes every further run pointless (no gateway, a
/// refused start, a fault endpoint that says no) stops the drill, keeping the runs made.
/// </summary>
internal sealed class DrillRunner(
    IWardenStore store, DrillSetup setup, IDrillRoutes routes, IFaultyBuild build, IDrillLoad load, TimeProvider time, Action<string> progress)
{
    private static readonly TimeSpan RouteWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    // Answers of requests in flight at the switch (a released hang, a crashed build's refusals) come in within this.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    /// <summary>The runs made, in order (also when the drill stopped early).</summary>
    public List<DrillRun> Runs { get; } = [];

    /// <summary>Makes <see cref="DrillSetup.Runs"/> runs; <see cref="DrillStopped"/> when it cannot go on.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var n = 1; n <= setup.Runs; n++)
        {
            var run = await OneAsync(n, cancellationToken).ConfigureAwait(false);
            Runs.Add(run);
            var recorded = await DrillRecords.RecordAsync(store, run, setup.Actor, cancellationToken).ConfigureAwait(false);
            progress(Line(n, run, recorded.Id));
        }
    }

    private async Task<DrillRun> OneAsync(int n, CancellationToken cancellationToken)
    {
        var runId = DrillIds.Run(setup.DrillId, n);
        var idle = await WaitRouteAsync(r => r.Canary is null && r.Production == setup.KnownGood, RouteWait, cancellationToken).ConfigureAwait(false);
        if (idle is not null)
        {
            throw new DrillStopped(
                $"the route {setup.Route} is not back on {setup.KnownGood} alone after {RouteWait.TotalSeconds:0} s (production {idle.Value.Production}, canary {idle.Value.Canary ?? "none"}): " +
                $"another rollout or a manual route change holds it; see 'warden rollout status {setup.Route}' and 'warden route show {setup.Route}'.");
        }

        var started = time.GetUtcNow();
        if (!await WaitReadyAsync(cancellationToken).ConfigureAwait(false))
        {
            return NotRun(runId, started, $"the faulty build {setup.Candidate} did not answer its readiness check within {Seconds(setup.ReadyTimeout)} s; after a crash drill its supervisor (systemd, Kubernetes, a restart loop) must start it again (drill.ready_timeout_s)");
        }

        // A fault left over from an interrupted drill would spoil this run's start.
        await ClearAsync(cancellationToken).ConfigureAwait(false);
        StoredRollout rollout;
        try
        {
            rollout = await DrillRollouts.StartAsync(store, new DrillRolloutRequest
            {
                Route = setup.Route,
                Candidate = setup.Candidate,
                KnownGood = setup.KnownGood,
                RunId = runId,
                WeightPercent = setup.WeightPercent,
                Hold = setup.Timeout + setup.AaDuration + setup.FaultAfter + TimeSpan.FromMinutes(10),
                Actor = setup.Actor,
                What = setup.Fault is null ? "no fault (A/A)" : $"fault {setup.Fault} {setup.FaultBody}",
                Aa = setup.Fault is null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RolloutRefusal refusal)
        {
            throw new DrillStopped(refusal.Message);
        }

        started = rollout.StartedAt;
        var exposure = await WaitExposedAsync(rollout.Id, cancellationToken).ConfigureAwait(false);
        if (exposure is null)
        {
            // The rollout ended before the drill saw its canary: the guard rolled it back at once.
            var early = await RollbackLogAsync(runId, started, cancellationToken).ConfigureAwait(false);
            return NotRun(runId, started, $"the guard rolled the faulty build back before the fault was sent ({early?.Trigger ?? "no rollback event"}): a false rollback, not a caught fault") with
            {
                RolloutId = rollout.Id,
                RolledBack = early is not null,
                Trigger = early?.Trigger,
                RollbackRunId = early?.RunId,
                Evidence = early is not null ? $"rollback_log.json#{early.RunId}" : $"{DrillReport.File}#{runId}",
            };
        }

        if (exposure.Value.Route.Canary != setup.Candidate)
        {
            await AbortAsync(cancellationToken).ConfigureAwait(false);
            throw new DrillStopped(
                $"the gateway did not route {setup.Candidate} as a canary of {setup.Route} within {RouteWait.TotalSeconds:0} s of the drill's rollout {rollout.Id} (route: production {exposure.Value.Route.Production}, canary {exposure.Value.Route.Canary ?? "none"}): " +
                "is 'warden serve' running on this store (--data-dir) with its rollout controller? The rollout was aborted.");
        }

        var exposed = exposure.Value.At;
        return setup.Fault is null
            ? await AaAsync(runId, rollout, started, exposed, cancellationToken).ConfigureAwait(false)
            : await FaultAsync(runId, rollout, started, exposed, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DrillRun> FaultAsync(string runId, StoredRollout rollout, DateTimeOffset started, DateTimeOffset exposed, CancellationToken cancellationToken)
    {
        if (setup.FaultAfter > TimeSpan.Zero)
        {
            await Task.Delay(setup.FaultAfter, time, cancellationToken).ConfigureAwait(false);
        }

        // The onset is taken before the fault is sent: RTO is never understated.
        var onset = time.GetUtcNow();
        if (setup.Fault == "crash")
        {
            await build.CrashAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await build.SetFaultsAsync(setup.FaultBody!, cancellationToken).ConfigureAwait(false);
        }

        var still = await WaitRouteAsync(r => r.Canary is null, setup.Timeout, cancellationToken).ConfigureAwait(false);
        var end = time.GetUtcNow();
        await ClearAsync(cancellationToken).ConfigureAwait(false);
        if (still is not null)
        {
            await AbortAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(Settle, time, cancellationToken).ConfigureAwait(false);
        var counts = DrillCounts.Of(load.Between(onset, end), setup.Candidate, onset, end);
        var log = await RollbackLogAsync(runId, started, cancellationToken).ConfigureAwait(false);
        var rpo = await RpoAsync(onset, cancellationToken).ConfigureAwait(false);
        var restored = still is null ? counts.LastToCandidate ?? log?.Switched ?? end : (DateTimeOffset?)null;
        string? problem = null;
        if (still is not null)
        {
            problem = $"the guard did not roll back within {Seconds(setup.Timeout)} s of the fault (drill.timeout_s); the drill aborted the rollout";
        }
        else if (log?.Detected < onset)
        {
            problem = "the guard rolled the canary back before the fault was sent: a false rollback, not a caught fault";
        }
        else if (log is null)
        {
            problem = "the canary left the route, but not by the guard's rollback (no rollback event of this run): a human or another controller moved it";
        }

        return Measured(runId, rollout, started, exposed, counts, log) with
        {
            FaultOnsetAt = onset,
            RestoredAt = restored,
            RtoSeconds = restored is { } r ? (r - onset).TotalSeconds : null,
            RpoSeconds = rpo,
            DetectionSeconds = log?.Detected is { } d ? (d - onset).TotalSeconds : null,
            Success = problem is null,
            Problem = problem,
        };
    }

    private async Task<DrillRun> AaAsync(string runId, StoredRollout rollout, DateTimeOffset started, DateTimeOffset exposed, CancellationToken cancellationToken)
    {
        var gone = await WaitRouteAsync(r => r.Canary is null, setup.AaDuration, cancellationToken).ConfigureAwait(false);
        var end = time.GetUtcNow();
        var rolledBack = gone is null;
        if (!rolledBack)
        {
            await AbortAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(Settle, time, cancellationToken).ConfigureAwait(false);
        var counts = DrillCounts.Of(load.Between(exposed, end), setup.Candidate, exposed, end);
        var log = rolledBack ? await RollbackLogAsync(runId, started, cancellationToken).ConfigureAwait(false) : null;
        return Measured(runId, rollout, started, exposed, counts, log) with
        {
            RolledBack = rolledBack,
            Success = !rolledBack,
            Problem = rolledBack
                ? $"false rollback after {(end - exposed).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s of a healthy canary ({log?.Trigger ?? "not by the guard"})"
                : null,
        };
    }

    // A run that did not get as far as a fault: what the drill is, and why.
    private DrillRun NotRun(string runId, DateTimeOffset started, string? problem) => new()
    {
        RunId = runId,
        DrillId = setup.DrillId,
        Service = setup.Service,
        Route = setup.Route,
        OnLive = setup.OnLive,
        Fault = setup.Fault,
        FaultSettings = setup.FaultBody,
        Candidate = setup.Candidate,
        KnownGood = setup.KnownGood,
        StartedAt = started,
        RolledBack = false,
        Success = false,
        Evidence = $"{DrillReport.File}#{runId}",
        Problem = problem,
    };

    // A run that exposed its canary: the counts of its requests and the guard's rollback log, if any.
    private DrillRun Measured(string runId, StoredRollout rollout, DateTimeOffset started, DateTimeOffset exposed, DrillCounts counts, RollbackLog? log) =>
        NotRun(runId, started, problem: null) with
        {
            RolloutId = rollout.Id,
            ExposedAt = exposed,
            DetectedAt = log?.Detected,
            SwitchedAt = log?.Switched,
            Trigger = log?.Trigger,
            RollbackRunId = log?.RunId,
            RolledBack = log is not null,
            Requests = counts.Requests,
            RequestsToCandidate = counts.ToCandidate,
            FailedByFault = counts.FailedByFault,
            FailedDuringSwitch = counts.FailedElsewhere,
            Evidence = log is not null ? $"rollback_log.json#{log.RunId}" : $"{DrillReport.File}#{runId}",
        };

    // The route once it carries the canary (and when), or as last read after the wait; null when
    // the rollout finished first (the guard rolled it back between two looks of the drill).
    private async Task<(DrillRouteView Route, DateTimeOffset At)?> WaitExposedAsync(long rolloutId, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + RouteWait;
        for (var look = 0; ; look++)
        {
            var route = await routes.ReadAsync(setup.Route, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (route.Canary == setup.Candidate || now >= deadline)
            {
                return (route, now);
            }

            if (look % 10 == 9
                && await store.ReadAsync((tx, ct) => tx.Rollouts.FindAsync(rolloutId, ct), cancellationToken).ConfigureAwait(false) is { State.IsFinished: true })
            {
                return null;
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Null when the route met the condition within the wait; else the route as last read.
    private async Task<DrillRouteView?> WaitRouteAsync(Func<DrillRouteView, bool> condition, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var route = await routes.ReadAsync(setup.Route, cancellationToken).ConfigureAwait(false);
            if (condition(route))
            {
                return null;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return route;
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Ready on both sides: the build answers its readiness check, and the gateway's health checks
    // no longer hold it down (after a crash drill they mark it up a moment after it is back).
    private async Task<bool> WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + setup.ReadyTimeout;
        while (!await build.ReadyAsync(cancellationToken).ConfigureAwait(false)
            || (await routes.ReadAsync(setup.Route, cancellationToken).ConfigureAwait(false)).HealthOf(setup.Candidate) == "down")
        {
            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    // Clears the drill's own fault only (an A/A run has none); a crashed build has nothing to clear.
    private async Task ClearAsync(CancellationToken cancellationToken)
    {
        if (setup.Fault is { } kind && DrillFaults.Clear(kind) is { } body)
        {
            await build.SetFaultsAsync(body, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Aborts the rollout of the run in progress, if one of this drill's runs left it on the route
    /// (the drill was interrupted); says what it did.
    /// </summary>
    public async Task<string> AbortInProgressAsync(CancellationToken cancellationToken)
    {
        var active = await store.ReadAsync((tx, ct) => tx.Rollouts.ActiveAsync(setup.Route, ct), cancellationToken).ConfigureAwait(false);
        if (active is null || !active.State.DeploymentId.StartsWith(setup.DrillId, StringComparison.Ordinal))
        {
            return "no drill rollout was left on the route";
        }

        await AbortAsync(cancellationToken).ConfigureAwait(false);
        return $"rollout {active.Id} of the run in progress ({active.State.DeploymentId}) was aborted: {setup.Route} is back on {setup.KnownGood} alone";
    }

    private async Task AbortAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RolloutOperations.CommandAsync(store, setup.Route, RolloutCommand.Abort, setup.Actor, setup.Policy.VerdictMaxAge, cancellationToken).ConfigureAwait(false);
        }
        catch (RolloutRefusal)
        {
            // Finished meanwhile (the guard rolled it back at the last moment): nothing to abort.
        }

        await WaitRouteAsync(r => r.Canary is null, RouteWait, cancellationToken).ConfigureAwait(false);
    }

    private sealed record RollbackLog(string RunId, string? Trigger, DateTimeOffset? Detected, DateTimeOffset? Switched);

    // The guard's rollback event of this run: its payload is the run's rollback_log.json.
    private async Task<RollbackLog?> RollbackLogAsync(string runId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(
            (tx, ct) => tx.Audit.ListAsync(new AuditQuery { Subject = RolloutTransitions.Subject(setup.Route), Action = AuditActions.Rollback, Since = since, Limit = 100 }, ct),
            cancellationToken).ConfigureAwait(false);
        return events.LastOrDefault(e => e.DeploymentId == runId) is { } e && RollbackLogEntry.Read(e.Payload) is { } log
            ? new RollbackLog(log.RunId ?? e.Id, log.Trigger, log.DetectedAt, log.SwitchedAt)
            : null;
    }

    // RPO: how old the known-good state is at the fault, the service's production checkpoint's last
    // verification (the same definition as the guard's rollback log); null with none verified.
    private ValueTask<double?> RpoAsync(DateTimeOffset onset, CancellationToken cancellationToken) =>
        store.ReadAsync<double?>(async (tx, ct) =>
        {
            var aliases = await tx.Registry.AliasesAsync(setup.Service, ct).ConfigureAwait(false);
            if (aliases.GetValueOrDefault(RegistryNames.Production) is not { } production)
            {
                return null;
            }

            var checkpoint = await tx.Checkpoints.LatestOfAsync(setup.Service, production, onset, ct).ConfigureAwait(false);
            return checkpoint is null ? null : Math.Max(0, (onset - checkpoint.VerifiedAt).TotalSeconds);
        }, cancellationToken);

    private string Line(int n, DrillRun run, string eventId)
    {
        var what = run switch
        {
            { Fault: null, Success: true } => $"no rollback in {Seconds(setup.AaDuration)} s ({run.RequestsToCandidate} requests to {setup.Candidate})",
            { Fault: null } => $"FALSE ROLLBACK: {run.Problem}",
            { Success: true } => $"rolled back by {run.Trigger}, RTO {Format(run.RtoSeconds)} s (detection {Format(run.DetectionSeconds)} s), RPO {(run.RpoSeconds is { } p ? Format(p) + " s" : "not measured")}",
            _ => $"FAILED: {run.Problem}",
        };
        return $"run {n}/{setup.Runs} {run.RunId}: {what}; {run.FailedByFault} failed on {setup.Candidate}, {run.FailedDuringSwitch} failed elsewhere; event {eventId}";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Format(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}

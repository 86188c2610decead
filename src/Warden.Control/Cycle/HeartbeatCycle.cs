using Microsoft.Extensions.Logging;
using Warden.Audit;
using Warden.Channels;
using Warden.Core.Cycle;
using Warden.Leases;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Cycle;

/// <summary>
/// One heartbeat cycle (docs/cycle.md): BEGIN_CYCLE on every channel; the baseline checks of
/// what is in production (Infra Guardian, Latency Analyst, Compliance Monitor, in parallel);
/// integration validation of every pending candidate; rollback simulation (checkpoints, a drill
/// when the last is too old); decision synthesis (a verdict per candidate); act (a GO starts its
/// rollout where allowed, an SLO breach rolls production back); the innovation relay. Each phase
/// is a recorded step (a <c>cycle.phase</c> event). A phase that throws is recorded as failed with
/// the reason and the cycle goes on: a failure never ends the cycle, and never the scheduler.
/// At most one cycle runs at a time on a store: the cycle holds the store's
/// <see cref="HeartbeatCycleOptions.LeaseName"/> lease while it runs.
/// </summary>
internal sealed partial class HeartbeatCycle(IWardenStore store, CyclePorts ports, HeartbeatCycleOptions options, TimeProvider time, ILogger logger)
{
    private LeaseFence? _fence;

    /// <summary>Runs one cycle; null when another cycle holds the store's cycle lease (nothing was run).</summary>
    /// <param name="trigger">schedule, request or once.</param>
    /// <param name="request">The request event it answers (<c>evt-…</c>), if one.</param>
    /// <param name="progress">Told each phase's result as it ends (the CLI prints it), or null.</param>
    /// <param name="cancellationToken">Stops between steps; the phases recorded so far stay recorded.</param>
    public async Task<CycleRecord?> RunAsync(string trigger, string? request, Action<CyclePhaseResult>? progress, CancellationToken cancellationToken)
    {
        if (!await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            return await RunHeldAsync(trigger, request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private async Task<CycleRecord> RunHeldAsync(string trigger, string? request, Action<CyclePhaseResult>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var id = CycleIds.Of(started);
        var relayedUpTo = await store.ReadAsync(
            async (tx, ct) =>
            {
                var latest = await CycleRecords.LatestBeginAsync(tx, ct).ConfigureAwait(false);
                return latest is { } l ? await CycleRecords.RelayedUpToAsync(tx, l.Begin.Cycle, l.Event.Sequence, ct).ConfigureAwait(false) : (long?)null;
            },
            cancellationToken).ConfigureAwait(false);
        var folder = options.ReportsDirectory is { } root ? Path.Combine(root, "cycles", id) : null;
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var context = new CycleContext
        {
            Id = id,
            StartedAt = started,
            WindowFrom = started - options.Cycle.EffectiveWindow,
            PreviousRelayedUpTo = relayedUpTo,
            Folder = folder,
        };
        Log.Began(logger, id, trigger);
        await store.WriteAsync(
            async (tx, ct) =>
            {
                await CycleRecords.BeginAsync(tx, new CycleBegin { Cycle = id, Trigger = trigger, Holder = options.Holder, Request = request, StartedAt = started, WindowFrom = context.WindowFrom }, ct).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);

        (string Name, Func<CycleContext, CancellationToken, Task<CyclePhaseResult>> Run)[] phases =
        [
            (CyclePhases.Begin, BeginAsync),
            (CyclePhases.Baseline, BaselineAsync),
            (CyclePhases.Integration, IntegrationAsync),
            (CyclePhases.Rollback, RollbackAsync),
            (CyclePhases.Decision, DecisionAsync),
            (CyclePhases.Act, ActAsync),
            (CyclePhases.Relay, RelayAsync),
        ];
        foreach (var (name, run) in phases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await RunPhaseAsync(name, run, context, cancellationToken).ConfigureAwait(false);
            context.Phases.Add(result);
            progress?.Invoke(result);
        }

        var record = new CycleRecord
        {
            Id = id,
            Trigger = trigger,
            Holder = options.Holder,
            StartedAt = started,
            EndedAt = time.GetUtcNow(),
            Status = CycleRecord.StatusOf(context.Phases),
            Phases = [.. context.Phases],
            Folder = folder,
        };
        if (folder is not null)
        {
            // The innovation reports are written by now; the cycle's own are hashed once written, so the
            // end event (in the audit chain) vouches for every report a reader fetches (cycle report ID NAME).
            record = record with { ReportSha256 = await CycleReportFiles.HashAsync(folder, [InnovationReport.MarkdownFile, InnovationReport.JsonFile], cancellationToken).ConfigureAwait(false) };
            await File.WriteAllTextAsync(Path.Combine(folder, CycleReport.JsonFile), CycleReport.Json(record), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, CycleReport.MarkdownFile), CycleReport.Markdown(record), cancellationToken).ConfigureAwait(false);
            record = record with { ReportSha256 = await CycleReportFiles.HashAsync(folder, CycleReportFiles.Names, cancellationToken).ConfigureAwait(false) };
        }

        await store.WriteAsync(
            async (tx, ct) =>
            {
                await CycleRecords.EndAsync(tx, record, ct).ConfigureAwait(false);
                var failed = record.Phases.Where(p => p.Status is CyclePhaseStatus.Failed or CyclePhaseStatus.Partial).Select(p => $"{p.Phase} {CycleReport.Label(p.Status)}").ToList();
                await PublishEverywhereAsync(tx, context, "end_cycle", $"cycle {id} ended {CycleReport.Label(record.Status)} in {(record.EndedAt - started).TotalSeconds:0.0} s: {Verdicts(context)}{(failed.Count > 0 ? "; " + string.Join(", ", failed) : string.Empty)}", ct).ConfigureAwait(false);
                return 0;
            },
            CancellationToken.None).ConfigureAwait(false);
        Log.Ended(logger, id, CycleReport.Label(record.Status), (record.EndedAt - started).TotalSeconds, folder ?? "(no reports directory)");
        return record;
    }

    // One phase: timed, recorded, and never thrown out of — a phase that throws is a failed phase.
    private async Task<CyclePhaseResult> RunPhaseAsync(string name, Func<CycleContext, CancellationToken, Task<CyclePhaseResult>> run, CycleContext context, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        CyclePhaseResult result;
        try
        {
            // A long phase (a drill) must not outlive the lease: renew before each. A lease another
            // holder took (this one lapsed, e.g. a store stalled past its duration) fails the phase
            // rather than running it beside that holder's cycle.
            if (!await HoldLeaseAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new CycleStepException($"the cycle lease '{HeartbeatCycleOptions.LeaseName}' lapsed and another holder took it; this phase did not run");
            }

            result = await run(context, cancellationToken).ConfigureAwait(false) with { StartedAt = started, EndedAt = time.GetUtcNow() };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.PhaseFailed(logger, context.Id, name, ex.Message);
            result = new CyclePhaseResult
            {
                Phase = name,
                StartedAt = started,
                EndedAt = time.GetUtcNow(),
                Status = CyclePhaseStatus.Failed,
                Summary = $"{name} failed: {ex.Message}",
                Problems = [ex.Message],
            };
        }

        try
        {
            await store.WriteAsync((tx, ct) => CycleRecords.PhaseAsync(tx, context.Id, options.Holder, result, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException ex)
        {
            // The phase ran; its record is in cycle_report.json and the end event even if this write failed.
            Log.PhaseFailed(logger, context.Id, name, $"could not record the phase: {ex.Message}");
            result = result with { Problems = [.. result.Problems, $"could not record the phase in the store: {ex.Message}"] };
        }

        Log.Phase(logger, context.Id, name, CycleReport.Label(result.Status), result.Summary);
        return result;
    }

    private async Task<CyclePhaseResult> BeginAsync(CycleContext context, CancellationToken cancellationToken)
    {
        context.Services = await ports.Services.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var service in context.Services)
        {
            context.Aliases[service.Name] = await store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync(service.Name, ct), cancellationToken).ConfigureAwait(false);
        }

        var names = context.Services.Count == 0 ? "no services" : string.Join(", ", context.Services.Select(s => $"{s.Name} (production {s.Production})"));
        var summary = $"cycle {context.Id} began ({names}; telemetry since {context.WindowFrom.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)";
        await store.WriteAsync(
            async (tx, ct) =>
            {
                await PublishEverywhereAsync(tx, context, "begin_cycle", summary, ct).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
        return Phase(CyclePhases.Begin, CyclePhaseStatus.Ok, $"BEGIN_CYCLE on {ChannelNames.All.Count} channels; {context.Services.Count} service(s): {names}");
    }

    private async ValueTask PublishEverywhereAsync(IStoreTransaction tx, CycleContext context, string kind, string summary, CancellationToken cancellationToken)
    {
        foreach (var channel in ChannelNames.All)
        {
            await ChannelLog.PublishAsync(
                tx,
                new ChannelMessage { Channel = channel, Kind = kind, Publisher = "heartbeat cycle", Summary = summary, Cycle = context.Id, Reports = context.Folder is null ? [] : [context.Folder] },
                options.Holder,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask PublishAsync(CycleContext context, string channel, string kind, string publisher, string summary, string? service, IReadOnlyList<string> evidence, IReadOnlyList<string> reports, CancellationToken cancellationToken) =>
        new(store.WriteAsync(
            async (tx, ct) =>
            {
                await ChannelLog.PublishAsync(
                    tx,
                    new ChannelMessage { Channel = channel, Kind = kind, Publisher = publisher, Summary = summary, Cycle = context.Id, Service = service, EvidenceIds = evidence, Reports = reports },
                    options.Holder,
                    ct).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).AsTask());

    private static string Verdicts(CycleContext context) => context.Judged.Count == 0
        ? "no candidate judged"
        : string.Join(", ", context.Judged.Select(j => $"{j.Service} {j.CandidateVersion} {Core.Reports.VerdictReport.Label(j.Decision.Outcome)}"));

    private static CyclePhaseResult Phase(string name, CyclePhaseStatus status, string summary, IReadOnlyList<CycleFinding>? findings = null, IReadOnlyList<string>? problems = null, IReadOnlyList<string>? outputs = null) => new()
    {
        Phase = name,
        StartedAt = default,
        EndedAt = default,
        Status = status,
        Summary = summary,
        Findings = findings ?? [],
        Problems = problems ?? [],
        Outputs = outputs ?? [],
    };

    // Ok when every step ran, Partial when some could not (their problems say why), Failed when none could.
    private static CyclePhaseStatus StatusOf(int steps, int problems) => problems == 0 ? CyclePhaseStatus.Ok : problems >= steps ? CyclePhaseStatus.Failed : CyclePhaseStatus.Partial;

    private async ValueTask<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        var attempt = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(HeartbeatCycleOptions.LeaseName, options.Holder, options.LeaseDuration, ct), cancellationToken).ConfigureAwait(false);
        if (!attempt.Held)
        {
            _fence = null;
            Log.LeaseHeld(logger, attempt.Lease.Holder, attempt.Lease.ExpiresAt);
            return false;
        }

        _fence = attempt.Lease.Fence;
        return true;
    }

    private async ValueTask ReleaseAsync()
    {
        if (_fence is not { } fence)
        {
            return;
        }

        if (await LeaseRelease.TryAsync(store, fence).ConfigureAwait(false) is { } problem)
        {
            Log.PhaseFailed(logger, "-", "lease", $"could not give the cycle lease up (it lapses on its own): {problem}");
        }

        _fence = null;
    }
}

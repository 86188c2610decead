using System.CommandLine;
using Warden.Audit;
using Warden.Cli.Audit;
using Warden.Cli.Registry;
using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Core.Recovery;
using Warden.Drills;

namespace Warden.Cli.Report;

/// <summary>
/// <c>warden report rollback [--since 7d] [--out DIR] [--policy FILE]</c>: the Rollback Officer's
/// report (<c>rollback_report.md</c> and its JSON twin) over the recovery runs the audit log vouches
/// for: the live guard's automatic rollbacks (<c>rollback</c> events, each the whole
/// <c>rollback_log.json</c>) and the drill runs <c>warden drill</c> recorded (<c>drill</c> events).
/// </summary>
internal static class ReportRollbackCommand
{
    // Enough for years of rollbacks; the report says when the window held more.
    private const int MaxEvents = 100_000;

    public static Command Create(CliEnvironment env)
    {
        var store = new StoreOptions();
        var since = new Option<string>("--since")
        {
            Description = $"The report's window starts here: {AuditTime.Forms}.",
            DefaultValueFactory = _ => "7d",
        };
        var output = new Option<string>("--out")
        {
            Description = $"Folder for {RollbackOfficerReport.MarkdownFile} and {RollbackOfficerReport.JsonFile} (created if missing).",
            DefaultValueFactory = _ => ".",
        };
        var policy = new Option<string?>("--policy")
        {
            Description = "warden.yaml whose policy gives the targets (rollback.rto_max_s, rollback.rpo_max_s, rollback.drill_max_age_days, the guard's thresholds); default: the built-in policy.",
        };
        var command = new Command(
            "rollback",
            $"Write the Rollback Officer's report ({RollbackOfficerReport.MarkdownFile} and {RollbackOfficerReport.JsonFile}) over the recovery runs in the audit log since --since: guardrail table, RTO/RPO/success rate with CI95, incidents, verdict Ready/Partial/Failed and the next action. Exit 0 whatever the verdict; 2 for bad input.")
        {
            since, output, policy,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var now = env.Time.GetUtcNow();
            var from = AuditTime.Parse(parse.GetValue(since) ?? "7d", now, "--since");
            if (from > now)
            {
                throw new UserInputException($"--since {parse.GetValue(since)} is in the future ({CliText.Time(from)}); give a time at or before now.");
            }

            var limits = PolicyFile.Load(parse.GetValue(policy), "no report was written");
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var query = new AuditQuery { Since = from, Action = AuditActions.Rollback, Limit = MaxEvents };
            var (events, drills) = await opened.ReadAsync(
                async (tx, ct) => (await tx.Audit.ListAsync(query, ct), await DrillRecords.SinceAsync(tx, from, MaxEvents, ct)),
                cancellationToken);

            // A drill's rollback is reported as its drill run (which names the rollback log), not as an incident.
            var runs = new List<RecoveryRun>(events.Count + drills.Runs.Count);
            runs.AddRange(events.Where(e => !DrillIds.IsDrillRun(e.DeploymentId)).Select(FromRollbackEvent));
            runs.AddRange(drills.Runs.Select(d => FromDrillRun(d.Run)));
            if (drills.Unreadable > 0)
            {
                env.Error.WriteLine($"warning: {drills.Unreadable} drill event(s) since {CliText.Time(from)} hold no drill run and were left out; 'warden audit list --action drill' shows them.");
            }

            var assessment = RollbackOfficer.Assess(new RollbackOfficerInput { Now = now, Since = from, Runs = runs, Policy = limits });
            var outDir = parse.GetValue(output) ?? ".";
            try
            {
                Directory.CreateDirectory(outDir);
                await File.WriteAllTextAsync(Path.Combine(outDir, RollbackOfficerReport.MarkdownFile), RollbackOfficerReport.Markdown(assessment), cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(outDir, RollbackOfficerReport.JsonFile), RollbackOfficerReport.Json(assessment), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"--out {outDir}: cannot write there ({ex.Message}); choose a writable folder.");
            }

            env.Out.WriteLine(RollbackOfficerReport.ClosingLine(assessment));
            env.Out.WriteLine($"{runs.Count} recovery run(s) since {CliText.Time(from)}; wrote {Path.Combine(outDir, RollbackOfficerReport.MarkdownFile)}, {Path.Combine(outDir, RollbackOfficerReport.JsonFile)}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// One <c>rollback</c> audit event (its payload is the rollback's <c>rollback_log.json</c>,
    /// docs/guard.md) as a recovery run. Success means the route swap restored the known-good version.
    /// </summary>
    internal static RecoveryRun FromRollbackEvent(AuditEvent e)
    {
        var log = RollbackLogEntry.Read(e.Payload)
            ?? throw new InvalidOperationException($"audit event {e.Sequence} (rollback) holds no JSON object");
        var runId = log.RunId ?? $"evt-{e.Sequence}";
        var service = log.Service ?? e.Subject;
        return new RecoveryRun
        {
            RunId = runId,
            Kind = RecoveryRunKind.Incident,
            Service = service,
            Trigger = log.Trigger,
            StartedAt = log.FaultOnsetAt ?? e.Time,
            FaultOnsetAt = log.FaultOnsetAt,
            DetectedAt = log.DetectedAt,
            RestoredAt = log.RestoredAt,
            RtoSeconds = log.RtoSeconds,
            RpoSeconds = log.RpoSeconds,
            Success = log.RestoredAt is not null && log.SwitchProblem is null,
            Evidence = $"rollback_log.json#{runId}",
            ActionTaken = $"rolled back {service} {log.RolledBackVersion} → {log.RestoredVersion}",
        };
    }

    /// <summary>One drill run (its <c>drill</c> event) as a recovery run: a fault drill succeeds when the guard rolled it back, an A/A drill when it did not.</summary>
    internal static RecoveryRun FromDrillRun(DrillRun run) => new()
    {
        RunId = run.RunId,
        Kind = run.Fault is null ? RecoveryRunKind.AaDrill : RecoveryRunKind.Drill,
        Service = run.Service,
        Trigger = run.Trigger,
        Fault = run.Fault,
        StartedAt = run.StartedAt,
        FaultOnsetAt = run.FaultOnsetAt,
        DetectedAt = run.DetectedAt,
        RestoredAt = run.RestoredAt,
        RtoSeconds = run.RtoSeconds,
        RpoSeconds = run.RpoSeconds,
        Success = run.Success,
        FailedDuringSwitch = run.FailedDuringSwitch,
        Evidence = run.Evidence,
        ActionTaken = (run.Fault, run.RolledBack) switch
        {
            (null, false) => $"A/A drill on {run.Route}: no rollback",
            (null, true) => $"A/A drill on {run.Route}: false rollback of {run.Candidate}",
            (_, true) => $"{run.Fault} drill on {run.Route}: rolled back {run.Candidate} → {run.KnownGood}",
            _ => $"{run.Fault} drill on {run.Route}: not rolled back ({run.Problem})",
        },
    };
}

using System.CommandLine;
using System.Globalization;
using Warden.Audit;
using Warden.Cli.Registry;
using Warden.Cli.Rollout;
using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Core.Reports;
using Warden.Rollouts;

namespace Warden.Cli.Rollback;

/// <summary>
/// <c>warden rollback list [--service S] [--limit N] [--json]</c>: the carried-out rollbacks, newest
/// first, from the <c>rollback</c> audit events (each the whole <c>rollback_log.json</c>, read by
/// <see cref="RollbackLogEntry.Read"/> as <c>warden report rollback</c> reads it): who rolled back,
/// on which trigger and reading, the four times, RTO and RPO against their objectives.
/// </summary>
internal static class RollbackListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var service = new Option<string?>("--service") { Description = "Only this service's rollbacks (a drill's rollbacks are under its drill route, e.g. ranker-drill)." };
        var limit = new Option<int>("--limit") { Description = "How many of the most recent rollbacks (1 to 10000).", DefaultValueFactory = _ => 50 };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "list",
            "List the carried-out rollbacks, newest first: when, service, by whom (live guard, heartbeat cycle, drill), the trigger with its observed value, bound and threshold, the versions, RTO and RPO against rollback.rto_max_s/rpo_max_s. From the rollback audit events. Exit 0; 2 for bad input.")
        {
            service, limit, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            var name = parse.GetValue(service);
            var problems = new List<string>();
            if (count is < 1 or > 10_000)
            {
                problems.Add($"--limit {count}: give a number from 1 to 10000.");
            }

            if (name is not null && !Warden.Registry.RegistryNames.IsValidName(name))
            {
                problems.Add($"--service '{name}' is not a service name: use letters, digits and . _ - (first a letter or digit, at most 128), e.g. ranker.");
            }

            if (problems.Count > 0)
            {
                throw new UserInputException(string.Join(Environment.NewLine + "error: ", problems));
            }

            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var query = new AuditQuery { Action = AuditActions.Rollback, Subject = name is null ? null : RolloutTransitions.Subject(name), Limit = count };
            var events = await opened.ReadAsync((tx, ct) => tx.Audit.ListAsync(query, ct), cancellationToken);
            var rows = new List<Row>(events.Count);
            var unreadable = 0;
            foreach (var e in events.Reverse())
            {
                if (RollbackLogEntry.Read(e.Payload) is { } log)
                {
                    rows.Add(Row.Of(e, log));
                }
                else
                {
                    unreadable++;
                }
            }

            if (unreadable > 0)
            {
                env.Error.WriteLine($"warning: {unreadable} rollback event(s) hold no rollback log and were left out; 'warden audit list --action rollback' shows them.");
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new { Rollbacks = rows });
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                env.Out.WriteLine(name is null ? "no rollback recorded on this store." : $"no rollback of {name} recorded on this store.");
                return ExitCodes.Success;
            }

            RolloutTable.Write(
                env.Out,
                ["TIME", "SERVICE", "BY", "TRIGGER", "OBSERVED", "BOUND", "THRESHOLD", "VERSIONS", "RTO", "RPO", "TARGETS", "RUN"],
                [.. rows.Select(r => (IReadOnlyList<string>)
                [
                    CliText.Time(r.Time),
                    r.Service ?? "-",
                    r.By,
                    r.Trigger ?? "-",
                    Number(r.Observed),
                    Number(r.Bound),
                    Number(r.Threshold),
                    $"{r.FromVersion ?? "?"} → {r.ToVersion ?? "?"}",
                    Seconds(r.RtoSeconds),
                    Seconds(r.RpoSeconds),
                    r.WithinTargets switch { true => "met", false => "MISSED", null => "-" },
                    r.RollbackRunId ?? r.EventId,
                ])]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "-";

    /// <summary>One rollback as <c>--json</c> prints it (docs/guard.md names each field's source in rollback_log.json).</summary>
    internal sealed record Row(
        string EventId,
        DateTimeOffset Time,
        string? Service,
        string? Deployment,
        string? RollbackRunId,
        string By,
        string? Trigger,
        double? Observed,
        double? Bound,
        double? Threshold,
        string? FromVersion,
        string? ToVersion,
        DateTimeOffset? FaultOnset,
        DateTimeOffset? Detection,
        DateTimeOffset? Switch,
        DateTimeOffset? Restoration,
        double? RtoSeconds,
        double? RpoSeconds,
        double? RtoMaxSeconds,
        double? RpoMaxSeconds,
        bool? WithinTargets,
        string? EvidenceSource,
        string? SwitchProblem)
    {
        /// <summary>What a drill's rollback is called in <c>by</c>: the live guard detected it, but a drill caused it.</summary>
        public const string Drill = "drill";

        public static Row Of(AuditEvent e, RollbackLogEntry log) => new(
            e.Id,
            e.Time.ToUniversalTime(),
            log.Service ?? e.Subject,
            log.DeploymentId ?? e.DeploymentId,
            log.RunId,
            DrillIds.IsDrillRun(log.DeploymentId ?? e.DeploymentId) ? Drill : log.DetectedBy ?? RollbackRecord.LiveGuard,
            log.Trigger,
            log.TriggerObserved,
            log.TriggerBound,
            log.TriggerThreshold,
            log.RolledBackVersion,
            log.RestoredVersion,
            log.FaultOnsetAt?.ToUniversalTime(),
            log.DetectedAt?.ToUniversalTime(),
            log.SwitchedAt?.ToUniversalTime(),
            log.RestoredAt?.ToUniversalTime(),
            log.RtoSeconds,
            log.RpoSeconds,
            log.RtoObjectiveSeconds,
            log.RpoObjectiveSeconds,
            log.WithinObjectives,
            log.EvidenceSource,
            log.SwitchProblem);
    }
}

using System.Text.Json.Nodes;
using Warden.Audit;
using Warden.Channels;
using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Guard;

/// <summary>
/// A carried-out rollback in the store, whoever carried it out (the live guard, a heartbeat
/// cycle): the <c>rollback</c> event with its measured record, the incident (not for a drill's
/// rollback: that is the drill's expected result, and nobody is paged), and a message on
/// <c>v1_rollback_feed</c> — in the caller's transaction, so the three commit together.
/// </summary>
internal static class RollbackRecords
{
    /// <summary>Appends the rollback, its incident and its channel message; returns the last event's sequence.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="record">The rollback as measured.</param>
    /// <param name="folder">Where its rollback_log.json and postmortem went, or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async ValueTask<long> AppendAsync(IStoreTransaction tx, RollbackRecord record, string? folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(record);
        var subject = RolloutTransitions.Subject(record.Service);
        var rollback = await tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = record.Actor,
            Action = AuditActions.Rollback,
            Subject = subject,
            DeploymentId = record.DeploymentId,
            EvidenceIds = record.EvidenceIds,
            Payload = AuditPayload.Of(RollbackReport.Node(record)),
        }, cancellationToken).ConfigureAwait(false);
        var drill = DrillIds.IsDrillRun(record.DeploymentId);
        var rto = record.RtoSeconds is { } seconds ? $"RTO {seconds:0.00} s" : $"route not switched here ({record.SwitchProblem})";
        await ChannelLog.PublishAsync(
            tx,
            new ChannelMessage
            {
                Channel = ChannelNames.Rollback,
                Kind = "rollback",
                Publisher = record.DetectedBy,
                Summary = $"{(drill ? "drill " : string.Empty)}rollback {record.RollbackRunId}: {record.Service} {record.RolledBackVersion} → {record.RestoredVersion} by {RollbackTriggers.Name(record.Trigger.Trigger)} ({record.Trigger.Description}); {rto}",
                Service = record.Service,
                EvidenceIds = [record.RollbackRunId, rollback.Id],
                Reports = folder is null ? [] : [Path.Combine(folder, RollbackReport.LogFile), Path.Combine(folder, RollbackReport.PostmortemFile)],
                Data = JsonNode.Parse(AuditPayload.Of(RollbackReport.Node(record))),
            },
            record.Actor,
            cancellationToken).ConfigureAwait(false);
        if (drill)
        {
            return rollback.Sequence;
        }

        var incident = await tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = record.Actor,
            Action = AuditActions.IncidentOpen,
            Subject = $"incident:{record.IncidentId}",
            DeploymentId = record.DeploymentId,
            Payload = AuditPayload.Of(new
            {
                record.IncidentId,
                record.RollbackRunId,
                record.Service,
                record.RolledBackVersion,
                record.RestoredVersion,
                Trigger = RollbackTriggers.Name(record.Trigger.Trigger),
                record.RtoSeconds,
                record.RpoSeconds,
                Postmortem = folder is null ? null : Path.Combine(folder, RollbackReport.PostmortemFile),
            }),
        }, cancellationToken).ConfigureAwait(false);
        return incident.Sequence;
    }
}

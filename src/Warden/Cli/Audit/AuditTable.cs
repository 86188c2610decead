using System.Globalization;
using Spectre.Console;
using Warden.Audit;

namespace Warden.Cli.Audit;

/// <summary>Renders <c>warden audit list</c> as a table.</summary>
internal static class AuditTable
{
    public static void Write(CliEnvironment env, IReadOnlyList<AuditEvent> events, AuditHead? head)
    {
        if (events.Count == 0)
        {
            env.Out.WriteLine(head is null ? "The audit log is empty." : "No events match.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("id");
        table.AddColumn("time (UTC)");
        table.AddColumn("actor");
        table.AddColumn("action");
        table.AddColumn("subject");
        table.AddColumn("deployment");
        table.AddColumn("evidence");
        table.AddColumn("hash");
        foreach (var e in events)
        {
            table.AddRow(
                e.Id,
                e.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(e.Actor),
                Markup.Escape(e.Action),
                Markup.Escape(e.Subject),
                Markup.Escape(e.DeploymentId ?? "-"),
                Markup.Escape(e.EvidenceIds.Count == 0 ? "-" : string.Join(", ", e.EvidenceIds)),
                e.Hash.Length > 12 ? e.Hash[..12] : Markup.Escape(e.Hash));
        }

        env.Console.Write(table);
        var latest = head is null ? string.Empty : $"; the log ends at {AuditIds.Format(head.Sequence)}";
        env.Out.WriteLine($"{events.Count} event(s){latest}. Payloads: --json. Check the chain: warden audit verify.");
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Warden.Audit;

namespace Warden.Cli.Audit;

/// <summary>The <c>--json</c> shapes of the audit commands (snake_case, see docs/audit.md).</summary>
internal static class AuditJson
{
    public static object List(IReadOnlyList<AuditEvent> events, AuditHead? head) => new
    {
        Count = events.Count,
        Head = Head(head),
        Events = events.Select(Event).ToList(),
    };

    public static object Event(AuditEvent e) => new
    {
        e.Id,
        Seq = e.Sequence,
        Time = AuditHash.FormatTime(e.Time),
        e.Actor,
        e.Action,
        e.Subject,
        e.DeploymentId,
        e.EvidenceIds,
        Payload = Payload(e.Payload),
        PrevHash = e.PreviousHash,
        e.Hash,
    };

    public static object? Head(AuditHead? head) => head is null ? null : new
    {
        Id = AuditIds.Format(head.Sequence),
        Seq = head.Sequence,
        head.Hash,
        Anchor = AuditAnchor.Format(head),
    };

    public static object Verification(string database, AuditVerification result, AuditHead? anchor, bool empty) => new
    {
        Database = database,
        Intact = result.Intact && !empty,
        Empty = result.Events == 0 && result.Head is null,
        EventsChecked = result.Events,
        StateRowsChecked = result.StateRows?.Rows,
        Head = Head(result.Head),
        Anchor = anchor is null ? null : AuditAnchor.Format(anchor),
        BrokenAt = result.BrokenAt is { } at ? AuditIds.Format(at) : null,
        BrokenSeq = result.BrokenAt,
        result.Problem,
        BrokenRows = (result.StateRows?.Problems ?? []).Select(p => new { p.Row.Table, p.Row.Row, p.Problem }).ToList(),
    };

    // The payload is a JSON object as written; a row edited by hand into something else is shown as the raw text.
    private static JsonNode? Payload(string payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return JsonValue.Create(payload);
        }
    }
}

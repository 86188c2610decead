namespace Warden.Audit;

/// <summary>
/// The last event's sequence and hash, kept beside the log and updated in the same transaction,
/// so deleting events from the end is detected too. Anchor it elsewhere (a ticket, a commit) for
/// protection against someone who rewrites both.
/// </summary>
/// <param name="Sequence">Sequence of the last event.</param>
/// <param name="Hash">Hash of the last event.</param>
internal sealed record AuditHead(long Sequence, string Hash);

namespace Warden.Audit;

/// <summary>How an <see cref="AuditWriter"/> groups appends into transactions.</summary>
internal sealed record AuditWriterOptions
{
    /// <summary>Most drafts committed in one transaction (default 512).</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>Most drafts waiting for a commit; <see cref="AuditWriter.AppendAsync"/> waits for room beyond it (default 8192).</summary>
    public int Capacity { get; init; } = 8192;
}

namespace Warden.Audit;

/// <summary>Which events <c>warden audit list</c> shows.</summary>
internal sealed record AuditQuery
{
    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events whose subject equals this, or starts with it followed by <c>@</c> or <c>/</c> (so <c>model:ranker</c> matches <c>model:ranker@v2</c>).</summary>
    public string? Subject { get; init; }

    /// <summary>Only events of this action.</summary>
    public string? Action { get; init; }

    /// <summary>Only events after this sequence (a follower's cursor: <c>warden channel tail --follow</c>).</summary>
    public long? AfterSequence { get; init; }

    /// <summary>When true, <see cref="Limit"/> keeps the oldest matching events instead of the most recent (a cursor reading forward never skips one).</summary>
    public bool FromOldest { get; init; }

    /// <summary>At most this many events, the most recent ones (the oldest with <see cref="FromOldest"/>), returned oldest first.</summary>
    public int Limit { get; init; } = 100;
}

namespace Warden.Core.Verdicts;

/// <summary>
/// The latest fault drill the store holds for the model (a <c>drill</c> audit event written by
/// <c>warden drill</c>), as rollback readiness reads it in preference to a bundle's rollback JSON.
/// </summary>
public sealed record RegistryDrill
{
    /// <summary>The run's id, <c>dr-…-N</c>.</summary>
    public required string RunId { get; init; }

    /// <summary>The injected fault (<c>errors</c>, <c>latency</c>, <c>hang</c>, <c>crash</c>, <c>compliance</c>).</summary>
    public required string Fault { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset RanAt { get; init; }

    /// <summary>True when the guard rolled the faulty build back.</summary>
    public required bool Passed { get; init; }

    /// <summary>Measured recovery time in seconds, when measured.</summary>
    public double? RtoSeconds { get; init; }

    /// <summary>Measured recovery point in seconds, when measured.</summary>
    public double? RpoSeconds { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Problem { get; init; }

    /// <summary>The run's evidence, e.g. <c>rollback_log.json#rb-…</c>.</summary>
    public required string Evidence { get; init; }

    /// <summary>The audit event that records the run, e.g. <c>evt-42</c>.</summary>
    public required string AuditEvent { get; init; }

    /// <summary>Null when the event's hash matches its content; else why the audit chain does not vouch for it.</summary>
    public string? NotVouched { get; init; }
}

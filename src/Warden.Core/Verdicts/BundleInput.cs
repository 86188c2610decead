using Warden.Core.Evidence;

namespace Warden.Core.Verdicts;

/// <summary>One file of an evidence bundle as the integrity and provenance checks see it.</summary>
public sealed record BundleInput
{
    /// <summary>Role in the bundle, e.g. <c>candidate.telemetry</c>, <c>judgments.qrels</c>.</summary>
    public required string Role { get; init; }

    /// <summary>Path as written in the bundle (relative to it).</summary>
    public required string Path { get; init; }

    /// <summary>Evidence id of the bytes read; null when the file could not be read.</summary>
    public EvidenceId? Id { get; init; }

    /// <summary>sha256 pinned in the bundle for this file, if any (lowercase hex).</summary>
    public string? PinnedSha256 { get; init; }

    /// <summary>MLflow run id of the arm the file belongs to, if any.</summary>
    public string? MlflowRunId { get; init; }

    /// <summary>Why the file could not be used, when it could not (missing, unreadable).</summary>
    public string? Problem { get; init; }

    /// <summary>True when a pin is given and differs from the bytes read.</summary>
    public bool PinMismatch => PinnedSha256 is not null && Id is { } id && !string.Equals(id.Sha256, PinnedSha256, StringComparison.OrdinalIgnoreCase);
}

using Warden.Core.Evidence;

namespace Warden.Core.Telemetry;

/// <summary>What one <see cref="TelemetryReader.Read"/> call found: provenance and rejected lines.</summary>
public sealed record TelemetryReadResult
{
    /// <summary>Content id, source, format, record and rejected counts, bytes and time span.</summary>
    public required EvidenceInfo Evidence { get; init; }

    /// <summary>The bad lines (count and up to <see cref="ParseIssueLog.MaxExamples"/> examples).</summary>
    public required ParseIssueLog Issues { get; init; }
}

using Warden.Core.Evidence;
using Warden.Core.Telemetry;

namespace Warden.Cli.Stats;

/// <summary>The parsed options of one <c>warden stats</c> run.</summary>
internal sealed record StatsRequest
{
    public required IReadOnlyList<string> Files { get; init; }

    public TelemetryGrouping Grouping { get; init; } = TelemetryGrouping.Version;

    public string Format { get; init; } = "auto";

    public required string Errors { get; init; }

    public bool Json { get; init; }

    public ReadMode Mode { get; init; } = ReadMode.Strict;

    public double Confidence { get; init; } = 0.95;
}

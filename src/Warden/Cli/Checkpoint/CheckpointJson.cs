using Warden.Checkpoints;
using Warden.Cli.Registry;

namespace Warden.Cli.Checkpoint;

/// <summary>One checkpoint as list, verify --json and export show it (snake_case; the YAML export uses the same names).</summary>
internal sealed record CheckpointJson(
    string Model,
    string Version,
    string Sha256,
    string? Sha256Read,
    string Path,
    bool Reachable,
    string VerifiedAt,
    string VerifiedBy,
    double AgeHours,
    double? LoadTimeS,
    string? LoadCommand,
    int? LoadExitCode,
    string Status,
    string? Problem)
{
    public static CheckpointJson Of(CheckpointVerification v, CheckpointPolicy policy, DateTimeOffset now) => new(
        v.Model,
        v.Version,
        v.Sha256,
        v.Sha256Read,
        v.ArtifactPath,
        v.Reachable,
        CliText.Time(v.VerifiedAt),
        v.Actor,
        Math.Round(CheckpointPolicy.AgeHours(v, now), 3),
        v.LoadTimeSeconds is { } s ? Math.Round(s, 6) : null,
        v.LoadCommand,
        v.LoadExitCode,
        policy.StatusAt(v, now),
        v.Problem);
}

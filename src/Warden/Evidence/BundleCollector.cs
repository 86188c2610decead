using Warden.Cli;
using Warden.Core.Bundle;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Ranking;
using Warden.Core.Telemetry;
using Warden.Core.Verdicts;

namespace Warden.Evidence;

/// <summary>
/// Reads every file an evidence bundle names (paths relative to the bundle's folder), hashing each
/// one, and hands the parsed data to <see cref="MeasurementBuilder"/>. A file that does not exist
/// is recorded as a provenance problem (the verdict cannot vouch for it); a file that exists but
/// is malformed is bad input and stops the command with its file:line:column.
/// </summary>
internal sealed class BundleCollector
{
    private readonly string _bundleDir;
    private readonly ErrorClassifier _errors;
    private readonly List<BundleInput> _inputs = [];
    private readonly Dictionary<string, TelemetryAggregator> _telemetry = new(StringComparer.Ordinal);

    private BundleCollector(string bundlePath, ErrorClassifier errors)
    {
        _bundleDir = Path.GetDirectoryName(Path.GetFullPath(bundlePath)) ?? Environment.CurrentDirectory;
        _errors = errors;
    }

    public static VerdictEvidence Collect(EvidenceBundle bundle, string bundlePath, VerdictPolicy policy, CliEnvironment env)
    {
        if (!ErrorClassifier.TryParse(policy.ErrorRate.Errors, out var errors, out var problem))
        {
            throw new UserInputException($"policy.error_rate.errors: {problem}");
        }

        var collector = new BundleCollector(bundlePath, errors);
        var qrels = collector.Read("judgments.qrels", bundle.Qrels, null, (s, p) => QrelsReader.Read(s, p, ReadMode.Strict), r => r.Qrels.Evidence.Id)?.Qrels;
        var labels = collector.Read("judgments.compliance", bundle.ComplianceLabels, null, (s, p) => QrelsReader.ReadCompliance(s, p, ReadMode.Strict), r => r.Qrels.Evidence.Id)?.Qrels;
        var baseline = collector.Arm("baseline", bundle.Baseline, policy);
        var candidate = collector.Arm("candidate", bundle.Candidate, policy);
        var rollback = collector.ReadJson("rollback", bundle.Rollback, null, RollbackReadinessReader.Read);

        return MeasurementBuilder.Build(
            bundle.DeploymentId,
            bundle.AsOf ?? env.Time.GetUtcNow(),
            baseline,
            candidate,
            qrels,
            labels,
            collector._inputs,
            rollback,
            policy);
    }

    private ArmData Arm(string role, BundleArm arm, VerdictPolicy policy)
    {
        var (stats, latencies) = Telemetry($"{role}.telemetry", arm, policy);
        return new ArmData
        {
            Version = arm.Version,
            MlflowRunId = arm.MlflowRunId,
            Telemetry = stats,
            Latencies = latencies,
            Run = Read($"{role}.run", arm.Run, arm.MlflowRunId, (s, p) => RunReader.Read(s, p, ReadMode.Strict), r => r.Run.Evidence.Id)?.Run,
            AblatedRun = Read($"{role}.ablated_run", arm.AblatedRun, arm.MlflowRunId, (s, p) => RunReader.Read(s, p, ReadMode.Strict), r => r.Run.Evidence.Id)?.Run,
            Metadata = ReadJson($"{role}.metadata", arm.Metadata, arm.MlflowRunId, ModelMetadataReader.Read),
            Environment = ReadJson($"{role}.environment", arm.Environment, arm.MlflowRunId, EnvironmentManifestReader.Read),
            ExpectedArtifactSha256 = arm.ArtifactSha256,
        };
    }

    private (GroupStatistics? Stats, Core.Statistics.IOrderStatistics? Latencies) Telemetry(string role, BundleArm arm, VerdictPolicy policy)
    {
        if (arm.Telemetry is not { } file)
        {
            return (null, null);
        }

        var shown = Shown(file.Path);
        var full = Path.Combine(_bundleDir, file.Path);
        if (!_telemetry.TryGetValue(full, out var aggregator))
        {
            var read = Read(role, file, arm.MlflowRunId, (stream, path) =>
            {
                if (!TelemetryFormats.TryFromPath(path, out var format))
                {
                    throw new UserInputException($"{path}: cannot tell the telemetry format from the extension; name it .jsonl or .csv.");
                }

                var fresh = new TelemetryAggregator(_errors);
                var result = TelemetryReader.Read(stream, path, format, ReadMode.Strict, r => fresh.Add(r));
                return new TelemetryRead(fresh, result.Evidence.Id);
            }, r => r.Id);
            if (read is null)
            {
                return (null, null);
            }

            aggregator = read.Aggregator;
            _telemetry[full] = aggregator;
        }
        else
        {
            // The same file serves both arms: record it once more under this arm's role.
            var first = _inputs.First(i => i.Path == file.Path && i.Id is not null);
            _inputs.Add(first with { Role = role, MlflowRunId = arm.MlflowRunId, PinnedSha256 = file.Sha256 });
        }

        var ids = _inputs.Where(i => i.Path == file.Path && i.Id is not null).Select(i => i.Id!.Value).Distinct().ToArray();
        var stats = aggregator.Summarize(policy.Confidence, ids).FirstOrDefault(g => g.Group == arm.Version);
        if (stats is null)
        {
            throw new UserInputException(
                $"{shown}: no requests for version '{arm.Version}' (versions found: {string.Join(", ", aggregator.Groups)}); check {role.Split('.')[0]}.version or the telemetry file.");
        }

        return (stats, aggregator.Latencies(arm.Version));
    }

    private T? ReadJson<T>(string role, BundleFile? file, string? mlflowRunId, Func<Stream, string, T> parse)
        where T : class
    {
        var read = Read(role, file, mlflowRunId, (stream, path) =>
        {
            // Small JSON files: read once into memory so the hash and the parse see the same bytes.
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            return new JsonRead<T>(parse(new MemoryStream(bytes), path), EvidenceId.Of(bytes));
        }, r => r.Id);
        return read?.Value;
    }

    private T? Read<T>(string role, BundleFile? file, string? mlflowRunId, Func<Stream, string, T> parse, Func<T, EvidenceId> id)
        where T : class
    {
        if (file is null)
        {
            return default;
        }

        var shown = Shown(file.Path);
        var full = Path.Combine(_bundleDir, file.Path);
        if (!File.Exists(full))
        {
            _inputs.Add(new BundleInput { Role = role, Path = file.Path, PinnedSha256 = file.Sha256, MlflowRunId = mlflowRunId, Problem = $"file not found: {shown}" });
            return default;
        }

        using var stream = InputFile.Open(full, $"{role} file");
        var result = parse(stream, shown);
        _inputs.Add(new BundleInput { Role = role, Path = file.Path, Id = id(result), PinnedSha256 = file.Sha256, MlflowRunId = mlflowRunId });
        return result;
    }

    // Messages name files relative to where the user stands, so the path can be pasted back.
    private string Shown(string path) => System.IO.Path.GetRelativePath(Environment.CurrentDirectory, System.IO.Path.Combine(_bundleDir, path));

    private sealed record TelemetryRead(TelemetryAggregator Aggregator, EvidenceId Id);

    private sealed record JsonRead<T>(T Value, EvidenceId Id);
}

using Warden.Core.Bundle;
using Warden.Core.Configuration;
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
/// is malformed is bad input and stops the command with its file:line:column. So is a directory,
/// and a file whose real path (symbolic links resolved) is outside the bundle's folder: the loader
/// already refuses <c>../</c> and absolute paths, and a link must not be a way around that.
/// </summary>
internal sealed class BundleCollector
{
    private readonly string _bundleDir;
    private readonly ErrorClassifier _errors;
    private readonly List<BundleInput> _inputs = [];
    private readonly Dictionary<string, Task<object>> _prefetched = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _real = new(StringComparer.Ordinal);

    private BundleCollector(string bundlePath, ErrorClassifier errors)
    {
        _bundleDir = Path.GetDirectoryName(Path.GetFullPath(bundlePath)) ?? Environment.CurrentDirectory;
        _errors = errors;
    }

    public static VerdictEvidence Collect(EvidenceBundle bundle, string bundlePath, VerdictPolicy policy, TimeProvider time)
    {
        if (!ErrorClassifier.TryParse(policy.ErrorRate.Errors, out var errors, out var problem))
        {
            throw new BundleInputException($"policy.error_rate.errors: {problem}");
        }

        var collector = new BundleCollector(bundlePath, errors);
        collector.CheckPlaces(bundle, bundlePath);
        collector.Prefetch("baseline.telemetry", bundle.Baseline.Telemetry, collector.TelemetryParse);
        collector.Prefetch("candidate.telemetry", bundle.Candidate.Telemetry, collector.TelemetryParse);
        collector.Prefetch("judgments.qrels", bundle.Qrels, QrelsParse);
        collector.Prefetch("judgments.compliance", bundle.ComplianceLabels, ComplianceParse);
        collector.Prefetch("baseline.run", bundle.Baseline.Run, RunParse);
        collector.Prefetch("candidate.run", bundle.Candidate.Run, RunParse);
        collector.Prefetch("candidate.ablated_run", bundle.Candidate.AblatedRun, RunParse);
        var qrels = collector.Read("judgments.qrels", bundle.Qrels, null, QrelsParse, r => r.Qrels.Evidence.Id)?.Qrels;
        var labels = collector.Read("judgments.compliance", bundle.ComplianceLabels, null, ComplianceParse, r => r.Qrels.Evidence.Id)?.Qrels;
        var baseline = collector.Arm("baseline", bundle.Baseline, policy);
        var candidate = collector.Arm("candidate", bundle.Candidate, policy);
        var rollback = collector.ReadJson("rollback", bundle.Rollback, null, RollbackReadinessReader.Read);

        return MeasurementBuilder.Build(
            bundle.DeploymentId,
            bundle.AsOf ?? time.GetUtcNow(),
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
            Run = Read($"{role}.run", arm.Run, arm.MlflowRunId, RunParse, r => r.Run.Evidence.Id)?.Run,
            AblatedRun = Read($"{role}.ablated_run", arm.AblatedRun, arm.MlflowRunId, RunParse, r => r.Run.Evidence.Id)?.Run,
            Metadata = ReadJson($"{role}.metadata", arm.Metadata, arm.MlflowRunId, ModelMetadataReader.Read),
            Environment = ReadJson($"{role}.environment", arm.Environment, arm.MlflowRunId, EnvironmentManifestReader.Read),
            ExpectedArtifactSha256 = arm.ArtifactSha256,
        };
    }

    private (GroupStatistics? Stats, Core.Statistics.IOrderStatistics? Latencies) Telemetry(string role, BundleArm arm, VerdictPolicy policy)
    {
        // Both arms usually name the same file: it is parsed once (see Prefetch) and each arm
        // takes its own version's group from it.
        var read = Read(role, arm.Telemetry, arm.MlflowRunId, TelemetryParse, r => r.Id);
        if (read is null)
        {
            return (null, null);
        }

        var stats = read.Aggregator.Summarize(policy.Confidence, [read.Id]).FirstOrDefault(g => g.Group == arm.Version);
        if (stats is null)
        {
            throw new BundleInputException(
                $"{Shown(arm.Telemetry!.Path)}: no requests for version '{arm.Version}' (versions found: {string.Join(", ", read.Aggregator.Groups)}); check {role.Split('.')[0]}.version or the telemetry file.");
        }

        return (stats, read.Aggregator.Latencies(arm.Version));
    }

    private TelemetryRead TelemetryParse(Stream stream, string path)
    {
        if (!TelemetryFormats.TryFromPath(path, out var format))
        {
            throw new BundleInputException($"{path}: cannot tell the telemetry format from the extension; name it .jsonl or .csv.");
        }

        var aggregator = new TelemetryAggregator(_errors);
        var result = TelemetryReader.Read(stream, path, format, ReadMode.Strict, r => aggregator.Add(r));
        return new TelemetryRead(aggregator, result.Evidence.Id);
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

        T result;
        if (_prefetched.TryGetValue(full, out var pending))
        {
            // GetResult rethrows the reader's own exception (bad line), not an AggregateException.
            result = (T)pending.GetAwaiter().GetResult();
        }
        else
        {
            using var stream = OpenFile(_real[full], $"{role} file");
            result = parse(stream, shown);
        }

        _inputs.Add(new BundleInput { Role = role, Path = file.Path, Id = id(result), PinnedSha256 = file.Sha256, MlflowRunId = mlflowRunId });
        return result;
    }

    // The large files (telemetry, qrels, runs) are parsed on worker threads as soon as the bundle
    // is known, once per distinct path; Read then collects the result, so inputs are still
    // recorded in a fixed order and reports stay byte-for-byte stable.
    private void Prefetch<T>(string role, BundleFile? file, Func<Stream, string, T> parse)
        where T : class
    {
        if (file is null)
        {
            return;
        }

        var full = Path.Combine(_bundleDir, file.Path);
        if (_prefetched.ContainsKey(full) || !File.Exists(full))
        {
            return;
        }

        var shown = Shown(file.Path);
        var real = _real[full];
        _prefetched[full] = Task.Run<object>(() =>
        {
            using var stream = OpenFile(real, $"{role} file");
            return parse(stream, shown);
        });
    }

    // The bundle's own file opener (the CLI has one for paths typed on the command line): the usual
    // ways a path can be wrong become bad-input errors naming the file and the fix.
    private static FileStream OpenFile(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new BundleInputException($"{path}: is a directory; expected a {what}.");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new BundleInputException($"{path}: no such file; expected a {what}.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new BundleInputException($"{path}: permission denied; make the {what} readable by this user.");
        }
        catch (IOException ex)
        {
            throw new BundleInputException($"{path}: cannot be read ({ex.Message}).");
        }
    }


    // Every named file that exists must be a regular file whose real path is inside the bundle's
    // folder (itself resolved, so a bundle kept under a linked folder still works). Every offender
    // is reported at once, at its place in evidence.yaml; the real paths are what is then opened.
    private void CheckPlaces(EvidenceBundle bundle, string bundlePath)
    {
        const string Inside = "a file inside the bundle's folder, such as data/v2.run";
        var folder = RealPath.Of(_bundleDir);
        var problems = new List<ConfigError>();
        foreach (var file in Named(bundle))
        {
            var full = Path.Combine(_bundleDir, file.Path);
            if (Directory.Exists(full))
            {
                problems.Add(Problem(bundlePath, file, $"'{file.Path}' is a directory, not a file", Inside));
                continue;
            }

            if (!File.Exists(full) || _real.ContainsKey(full))
            {
                // A missing file is a provenance problem, recorded when it is read.
                continue;
            }

            string real;
            try
            {
                real = RealPath.Of(full);
            }
            catch (IOException ex)
            {
                problems.Add(Problem(bundlePath, file, $"'{file.Path}': {ex.Message}", Inside));
                continue;
            }

            if (!RealPath.IsUnder(real, folder))
            {
                problems.Add(Problem(
                    bundlePath,
                    file,
                    $"'{file.Path}' leads through a symbolic link to {real}, outside the bundle's folder {folder}",
                    $"{Inside}; copy the file into the bundle instead of linking to it"));
                continue;
            }

            _real[full] = real;
        }

        if (problems.Count > 0)
        {
            throw new BundleInputException(
                $"{bundlePath}: {problems.Count} problem(s) with the files the evidence bundle names; nothing was judged.{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.OrderBy(p => p.Line).ThenBy(p => p.Column).Select(p => $"error: {p}")));
        }
    }

    private static ConfigError Problem(string bundlePath, BundleFile file, string problem, string expected) => new()
    {
        Source = bundlePath,
        Line = file.Line,
        Column = file.Column,
        Field = file.Field,
        Problem = problem,
        Expected = expected,
    };

    private static IEnumerable<BundleFile> Named(EvidenceBundle bundle)
    {
        BundleFile?[] files =
        [
            bundle.Qrels, bundle.ComplianceLabels,
            bundle.Baseline.Telemetry, bundle.Baseline.Run, bundle.Baseline.Metadata, bundle.Baseline.Environment,
            bundle.Candidate.Telemetry, bundle.Candidate.Run, bundle.Candidate.AblatedRun, bundle.Candidate.Metadata, bundle.Candidate.Environment,
            bundle.Rollback,
        ];
        return files.OfType<BundleFile>();
    }

    private static QrelsReadResult QrelsParse(Stream stream, string path) => QrelsReader.Read(stream, path, ReadMode.Strict);

    private static QrelsReadResult ComplianceParse(Stream stream, string path) => QrelsReader.ReadCompliance(stream, path, ReadMode.Strict);

    private static RunReadResult RunParse(Stream stream, string path) => RunReader.Read(stream, path, ReadMode.Strict);

    // Messages name files relative to where the user stands, so the path can be pasted back.
    private string Shown(string path) => Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_bundleDir, path));

    private sealed record TelemetryRead(TelemetryAggregator Aggregator, EvidenceId Id);

    private sealed record JsonRead<T>(T Value, EvidenceId Id);
}

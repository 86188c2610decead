using System.Text;
using Warden.Core.Configuration;
using Warden.Core.Telemetry;

namespace Warden.Core.Bundle;

/// <summary>
/// Loads an evidence bundle (<c>evidence.yaml</c>) into an <see cref="EvidenceBundle"/>,
/// validating every key and collecting every error with its position. Paths are kept as written;
/// the caller resolves them against the bundle's folder (they may not leave it).
/// </summary>
public static class BundleLoader
{
    private const string Relative = "paths are relative to the bundle's folder";
    private const string PathExpected = $"a relative path such as data/v2.run ({Relative})";
    private const string FileExpected = $"a relative path such as data/v2.run, or a mapping {{ path: ..., sha256: ... }} ({Relative})";
    private const string Sha256Expected = "a sha256: 64 hexadecimal digits, as sha256sum prints them";

    private static readonly MappingShape DocumentShape = new(["deployment_id", "model", "as_of", "judgments", "baseline", "candidate", "rollback"]);
    private static readonly MappingShape JudgmentsShape = new(["qrels", "compliance"]);
    private static readonly MappingShape FileFormShape = new(["path", "sha256"]);

    private static readonly MappingShape BaselineShape = new(
        ["version", "mlflow_run_id", "telemetry", "run", "metadata", "environment", "artifact_sha256"])
    {
        Misplaced = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ablated_run"] = "only the candidate has an ablated run (its visual features removed); move it under candidate:",
        },
    };

    private static readonly MappingShape CandidateShape = new(
        ["version", "mlflow_run_id", "telemetry", "run", "ablated_run", "metadata", "environment", "artifact_sha256"]);

    private static readonly string[] ArmFiles = ["telemetry", "run", "metadata", "environment"];

    /// <summary>
    /// The keys each mapping of <c>evidence.yaml</c> accepts, by dotted path (<c>""</c> is the top
    /// level; a file given as a mapping has its own entry). The schema-drift test compares
    /// <c>docs/evidence.schema.json</c> with these.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } = BuildKnownKeys();

    /// <summary>Reads <paramref name="yaml"/> and validates it.</summary>
    /// <param name="yaml">The contents of <c>evidence.yaml</c>.</param>
    /// <param name="source">File path or URI as the user gave it, for the error messages.</param>
    /// <returns>The bundle, or every error in file order.</returns>
    public static BundleLoadResult Load(TextReader yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        var log = new ConfigErrorLog(source);
        var doc = MappingReader.Document(YamlDocumentReader.Read(yaml, log), log, DocumentShape);

        var deploymentId = ReadDeploymentId(doc);
        var model = ReadModel(doc);
        var asOf = ReadAsOf(doc);
        var judgments = doc.Section("judgments", JudgmentsShape);
        var qrels = ReadFile(judgments, "qrels");
        var compliance = ReadFile(judgments, "compliance");
        var (baseline, baselineVersion) = ReadArm(doc, "baseline", BaselineShape);
        var (candidate, candidateVersion) = ReadArm(doc, "candidate", CandidateShape);
        var rollback = ReadFile(doc, "rollback");

        if (baselineVersion is not null && candidateVersion is not null
            && string.Equals(baselineVersion.Value, candidateVersion.Value, StringComparison.Ordinal))
        {
            log.Add(
                candidateVersion,
                "candidate.version",
                $"{candidateVersion.Describe()} is also the baseline's version (line {baselineVersion.Line})",
                "a candidate version different from baseline.version: a verdict compares two different models");
        }

        if (log.HasErrors || deploymentId is null || baseline is null || candidate is null)
        {
            return new BundleLoadResult { Errors = log.InFileOrder() };
        }

        return new BundleLoadResult
        {
            Bundle = new EvidenceBundle
            {
                DeploymentId = deploymentId,
                Model = model,
                AsOf = asOf,
                Baseline = baseline,
                Candidate = candidate,
                Qrels = qrels,
                ComplianceLabels = compliance,
                Rollback = rollback,
            },
            Errors = [],
        };
    }

    private static string? ReadDeploymentId(MappingReader doc)
    {
        const string Expected = "an id of letters, digits and . _ : - such as rank-v2-2026-11-20";
        if (doc.RequiredText("deployment_id", Expected) is not { } id)
        {
            return null;
        }

        for (var i = 0; i < id.Value.Length; i++)
        {
            var c = id.Value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '-'))
            {
                doc.Error(id, "deployment_id", $"{id.Describe()} has '{c}' at position {i + 1}", Expected);
                return null;
            }
        }

        return id.Value;
    }

    private static string? ReadModel(MappingReader doc)
    {
        const string Expected = "a model name as registered: letters, digits and . _ - (first a letter or digit), such as ranker";
        if (doc.Text("model", Expected) is not { } name)
        {
            return null;
        }

        var v = name.Value;
        for (var i = 0; i < v.Length; i++)
        {
            var c = v[i];
            if (!char.IsAsciiLetterOrDigit(c) && (i == 0 || c is not ('.' or '_' or '-')))
            {
                doc.Error(name, "model", $"{name.Describe()} has '{c}' at position {i + 1}", Expected);
                return null;
            }
        }

        if (v.Length > 128)
        {
            doc.Error(name, "model", $"{name.Describe()} is {v.Length} characters long", Expected + ", at most 128 characters");
            return null;
        }

        return v;
    }

    private static DateTimeOffset? ReadAsOf(MappingReader doc)
    {
        const string Expected = "an RFC 3339 date-time with Z or an offset, such as 2026-11-20T12:00:00Z";
        if (doc.Text("as_of", Expected) is not { } text)
        {
            return null;
        }

        if (Rfc3339.TryParse(text.Value, out var value, out var reason))
        {
            return value;
        }

        doc.Error(text, "as_of", $"{text.Describe()} is not an RFC 3339 date-time: {reason}", Expected);
        return null;
    }

    private static (BundleArm? Arm, ConfigScalar? Version) ReadArm(MappingReader doc, string key, MappingShape shape)
    {
        var m = doc.RequiredSection(key, shape, $"the {key} arm, a mapping with at least version:, e.g. {key}: {{ version: v1 }}");
        var version = m.RequiredText("version", $"the model version of the {key} as its telemetry names it, e.g. version: v1");
        var mlflowRunId = m.Text("mlflow_run_id", "the MLflow run id of this arm, e.g. mlflow_run_id: 8724f0c1");
        var files = new BundleFile?[ArmFiles.Length];
        for (var i = 0; i < ArmFiles.Length; i++)
        {
            files[i] = ReadFile(m, ArmFiles[i]);
        }

        var ablatedRun = ReferenceEquals(shape, CandidateShape) ? ReadFile(m, "ablated_run") : null;
        var artifactSha256 = ReadSha256(m, "artifact_sha256");
        var arm = version is null ? null : new BundleArm
        {
            Version = version.Value,
            MlflowRunId = mlflowRunId?.Value,
            Telemetry = files[0],
            Run = files[1],
            AblatedRun = ablatedRun,
            Metadata = files[2],
            Environment = files[3],
            ArtifactSha256 = artifactSha256,
        };
        return (arm, version);
    }

    // A file is a path string, or a mapping with the path and a pinned sha256.
    private static BundleFile? ReadFile(MappingReader parent, string key)
    {
        if (parent.Node(key) is ConfigMapping)
        {
            var m = parent.Section(key, FileFormShape);
            var path = m.RequiredText("path", PathExpected);
            var sha256 = ReadSha256(m, "sha256");
            return path is not null && IsInsideBundle(m, "path", path)
                ? new BundleFile(path.Value, sha256) { Field = m.FieldOf("path"), Line = path.Line, Column = path.Column }
                : null;
        }

        return parent.Text(key, FileExpected) is { } scalar && IsInsideBundle(parent, key, scalar)
            ? new BundleFile(scalar.Value) { Field = parent.FieldOf(key), Line = scalar.Line, Column = scalar.Column }
            : null;
    }

    private static bool IsInsideBundle(MappingReader m, string key, ConfigScalar path)
    {
        var p = path.Value;
        if (p[0] is '/' or '\\' || (p.Length >= 2 && char.IsAsciiLetter(p[0]) && p[1] == ':'))
        {
            m.Error(path, key, $"{path.Describe()} is an absolute path", PathExpected);
            return false;
        }

        if (p.Contains("://", StringComparison.Ordinal))
        {
            m.Error(path, key, $"{path.Describe()} is a URL, not a file in the bundle", PathExpected);
            return false;
        }

        // Walk the segments: ".." may step back into a folder it came from, never above the bundle.
        var depth = 0;
        foreach (var segment in p.Split('/', '\\'))
        {
            depth += segment switch
            {
                "" or "." => 0,
                ".." => -1,
                _ => 1,
            };
            if (depth < 0)
            {
                m.Error(path, key, $"{path.Describe()} leads out of the bundle's folder", $"a path inside the bundle's folder ({Relative}); copy the file into it");
                return false;
            }
        }

        return true;
    }

    private static string? ReadSha256(MappingReader m, string key)
    {
        if (m.Text(key, Sha256Expected) is not { } text)
        {
            return null;
        }

        var v = text.Value;
        if (v.Length != 64)
        {
            m.Error(text, key, $"{text.Describe()} has {v.Length} characters, not 64", Sha256Expected);
            return null;
        }

        for (var i = 0; i < v.Length; i++)
        {
            if (!char.IsAsciiHexDigit(v[i]))
            {
                m.Error(text, key, $"{text.Describe()} has '{v[i]}' at position {i + 1}, which is not a hexadecimal digit", Sha256Expected);
                return null;
            }
        }

        return v.ToLowerInvariant();
    }

    private static Dictionary<string, IReadOnlyList<string>> BuildKnownKeys()
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [string.Empty] = DocumentShape.Keys,
            ["judgments"] = JudgmentsShape.Keys,
            ["judgments.qrels"] = FileFormShape.Keys,
            ["judgments.compliance"] = FileFormShape.Keys,
            ["baseline"] = BaselineShape.Keys,
            ["candidate"] = CandidateShape.Keys,
            ["candidate.ablated_run"] = FileFormShape.Keys,
            ["rollback"] = FileFormShape.Keys,
        };
        foreach (var arm in (string[])["baseline", "candidate"])
        {
            foreach (var file in ArmFiles)
            {
                keys[$"{arm}.{file}"] = FileFormShape.Keys;
            }
        }

        return keys;
    }
}

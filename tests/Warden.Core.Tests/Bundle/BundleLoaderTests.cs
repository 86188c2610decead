using Warden.Core.Bundle;

namespace Warden.Core.Tests.Bundle;

public sealed class BundleLoaderTests
{
    // sha256("abc"), the FIPS 180-2 example (appendix B.1).
    private const string AbcSha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private const string Minimal = "deployment_id: d1\nbaseline:\n  version: v1\ncandidate:\n  version: v2\n";

    [Fact]
    public void Load_FullExample_MapsEveryKey()
    {
        var yaml = $"""
            deployment_id: rank-v2-2026-11-20
            as_of: 2026-11-20T12:00:00+01:00
            judgments:
              qrels: data/qrels.txt
              compliance: {"{"} path: data/compliance.qrels, sha256: {AbcSha.ToUpperInvariant()} {"}"}
            baseline:
              version: v1
              mlflow_run_id: 8724f0c1
              telemetry: data/v1.jsonl
              run: data/v1.run
              metadata: meta/v1.json
              environment: env/v1.json
              artifact_sha256: {AbcSha}
            candidate:
              version: v2
              telemetry:
                path: data/v2.jsonl
                sha256: {AbcSha}
              run: data/v2.run
              ablated_run: data/v2-ablated.run
              metadata: meta/v2.json
              environment: env/v2.json
            rollback: rollback.json
            """;

        var result = Load(yaml);

        Assert.Empty(result.Errors);
        var expected = new EvidenceBundle
        {
            DeploymentId = "rank-v2-2026-11-20",
            AsOf = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.FromHours(1)),
            Qrels = At(new BundleFile("data/qrels.txt"), "judgments.qrels", 4, 10),
            ComplianceLabels = At(new BundleFile("data/compliance.qrels", AbcSha), "judgments.compliance.path", 5, 23),
            Baseline = new BundleArm
            {
                Version = "v1",
                MlflowRunId = "8724f0c1",
                Telemetry = At(new BundleFile("data/v1.jsonl"), "baseline.telemetry", 9, 14),
                Run = At(new BundleFile("data/v1.run"), "baseline.run", 10, 8),
                Metadata = At(new BundleFile("meta/v1.json"), "baseline.metadata", 11, 13),
                Environment = At(new BundleFile("env/v1.json"), "baseline.environment", 12, 16),
                ArtifactSha256 = AbcSha,
            },
            Candidate = new BundleArm
            {
                Version = "v2",
                Telemetry = At(new BundleFile("data/v2.jsonl", AbcSha), "candidate.telemetry.path", 17, 11),
                Run = At(new BundleFile("data/v2.run"), "candidate.run", 19, 8),
                AblatedRun = At(new BundleFile("data/v2-ablated.run"), "candidate.ablated_run", 20, 16),
                Metadata = At(new BundleFile("meta/v2.json"), "candidate.metadata", 21, 13),
                Environment = At(new BundleFile("env/v2.json"), "candidate.environment", 22, 16),
            },
            Rollback = At(new BundleFile("rollback.json"), "rollback", 23, 11),
        };
        Assert.Equal(expected, result.Bundle);
    }

    // Where the entry is in evidence.yaml, so a problem found on disk later can point at it.
    private static BundleFile At(BundleFile file, string field, long line, long column) =>
        file with { Field = field, Line = line, Column = column };

    [Fact]
    public void Load_MinimalBundle_OptionalPartsAreNull()
    {
        var bundle = Load(Minimal).Bundle!;

        Assert.Equal("d1", bundle.DeploymentId);
        Assert.Null(bundle.AsOf);
        Assert.Null(bundle.Qrels);
        Assert.Null(bundle.ComplianceLabels);
        Assert.Null(bundle.Rollback);
        Assert.Equal(new BundleArm { Version = "v1" }, bundle.Baseline);
        Assert.Equal(new BundleArm { Version = "v2" }, bundle.Candidate);
    }

    [Theory]
    [InlineData("run: data/v2.run", "data/v2.run", null)]
    [InlineData("run: 'data/v2 final.run'", "data/v2 final.run", null)]
    [InlineData("run: { path: data/v2.run }", "data/v2.run", null)]
    [InlineData("run: { path: data/v2.run, sha256: " + AbcSha + " }", "data/v2.run", AbcSha)]
    [InlineData("run:\n    path: ./v2.run\n    sha256: BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "./v2.run", AbcSha)]
    [InlineData("run: runs/../v2.run", "runs/../v2.run", null)]
    [InlineData("run: runs\\v2.run", "runs\\v2.run", null)]
    public void Load_FileAsPathOrMapping_KeepsPathAsWrittenAndNormalizesSha(string line, string path, string? sha256)
    {
        var result = Load($"deployment_id: d1\nbaseline:\n  version: v1\ncandidate:\n  version: v2\n  {line}\n");

        Assert.Empty(result.Errors);
        var run = result.Bundle!.Candidate.Run!;
        Assert.Equal((path, sha256), (run.Path, run.Sha256));
    }

    [Theory]
    [InlineData("1.10", "1.10")]
    [InlineData("'2'", "2")]
    [InlineData("2026-11-20", "2026-11-20")]
    public void Load_Version_KeptExactlyAsWritten(string yaml, string version)
    {
        // Versions are matched against telemetry strings, so 1.10 must not become the number 1.1.
        var result = Load($"deployment_id: d1\nbaseline:\n  version: v0\ncandidate:\n  version: {yaml}\n");

        Assert.Equal(version, result.Bundle!.Candidate.Version);
    }

    [Theory]
    [InlineData("abc", "'abc' has 3 characters, not 64")]
    [InlineData(AbcSha + "0", "'" + AbcSha + "0' has 65 characters, not 64")]
    [InlineData("ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "'ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' has 'g' at position 1, which is not a hexadecimal digit")]
    public void Load_BadSha256_ReportsLengthOrCharacter(string sha, string problem)
    {
        var result = Load(Minimal + $"rollback: {{ path: rollback.json, sha256: {sha} }}\n");

        Assert.Null(result.Bundle);
        var error = Assert.Single(result.Errors);
        Assert.Equal("rollback.sha256", error.Field);
        Assert.Equal(problem, error.Problem);
        Assert.Equal("a sha256: 64 hexadecimal digits, as sha256sum prints them", error.Expected);
    }

    [Fact]
    public void Load_BadArtifactSha256_FullMessage()
    {
        var result = Load("deployment_id: d1\nbaseline:\n  version: v1\n  artifact_sha256: 12ab\ncandidate:\n  version: v2\n");

        Assert.Equal(
            "evidence.yaml:4:20: baseline.artifact_sha256: '12ab' has 4 characters, not 64; expected a sha256: 64 hexadecimal digits, as sha256sum prints them",
            Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("../qrels.txt", "'../qrels.txt' leads out of the bundle's folder")]
    [InlineData("data/../../qrels.txt", "'data/../../qrels.txt' leads out of the bundle's folder")]
    [InlineData("..\\qrels.txt", "'..\\qrels.txt' leads out of the bundle's folder")]
    [InlineData("/data/qrels.txt", "'/data/qrels.txt' is an absolute path")]
    [InlineData("\\\\server\\share\\qrels.txt", "'\\\\server\\share\\qrels.txt' is an absolute path")]
    [InlineData("C:/data/qrels.txt", "'C:/data/qrels.txt' is an absolute path")]
    [InlineData("https://example.org/qrels.txt", "'https://example.org/qrels.txt' is a URL, not a file in the bundle")]
    public void Load_PathOutsideBundle_IsError(string path, string problem)
    {
        var result = Load(Minimal + $"judgments:\n  qrels: '{path}'\n");

        Assert.Null(result.Bundle);
        var error = Assert.Single(result.Errors);
        Assert.Equal("judgments.qrels", error.Field);
        Assert.Equal(problem, error.Problem);
        Assert.Contains("paths are relative to the bundle's folder", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EscapingPathInMappingForm_FullMessage()
    {
        var result = Load(Minimal + "judgments:\n  compliance: { path: ../labels.qrels }\n");

        Assert.Equal(
            "evidence.yaml:7:23: judgments.compliance.path: '../labels.qrels' leads out of the bundle's folder; "
            + "expected a path inside the bundle's folder (paths are relative to the bundle's folder); copy the file into it",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_EmptyFile_ReportsEachRequiredKey()
    {
        var result = Load(string.Empty);

        Assert.Null(result.Bundle);
        Assert.Equal(
            [
                "evidence.yaml:1:1: deployment_id: missing required key 'deployment_id'; expected an id of letters, digits and . _ : - such as rank-v2-2026-11-20",
                "evidence.yaml:1:1: baseline: missing required key 'baseline'; expected the baseline arm, a mapping with at least version:, e.g. baseline: { version: v1 }",
                "evidence.yaml:1:1: candidate: missing required key 'candidate'; expected the candidate arm, a mapping with at least version:, e.g. candidate: { version: v1 }",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_ArmWithoutVersion_ReportedAtArmKey()
    {
        var result = Load("deployment_id: d1\nbaseline:\n  run: v1.run\ncandidate:\n");

        Assert.Equal(
            [
                "evidence.yaml:2:1: baseline.version: missing required key 'version'; expected the model version of the baseline as its telemetry names it, e.g. version: v1",
                "evidence.yaml:4:1: candidate.version: missing required key 'version'; expected the model version of the candidate as its telemetry names it, e.g. version: v1",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("deployment_id: ''\n", "deployment_id", "the value is an empty string")]
    [InlineData("deployment_id:\n", "deployment_id", "no value given")]
    [InlineData("deployment_id: rank v2\n", "deployment_id", "'rank v2' has ' ' at position 5")]
    [InlineData("deployment_id: rank/v2\n", "deployment_id", "'rank/v2' has '/' at position 5")]
    [InlineData("deployment_id: [a, b]\n", "deployment_id", "a list is not a single value")]
    public void Load_BadDeploymentId_IsError(string line, string field, string problem)
    {
        var result = Load(line + "baseline:\n  version: v1\ncandidate:\n  version: v2\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((field, problem), (error.Field, error.Problem));
    }

    [Theory]
    [InlineData("2026-11-20", "'2026-11-20' is not an RFC 3339 date-time: not in the form YYYY-MM-DDTHH:MM:SS")]
    [InlineData("2026-11-20T12:00:00", "'2026-11-20T12:00:00' is not an RFC 3339 date-time: no time zone; add Z or an offset such as +01:00")]
    [InlineData("2026-02-30T12:00:00Z", "'2026-02-30T12:00:00Z' is not an RFC 3339 date-time: day 30 is out of range for 2026-02")]
    public void Load_BadAsOf_IsError(string asOf, string problem)
    {
        var result = Load(Minimal + $"as_of: {asOf}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("as_of", problem), (error.Field, error.Problem));
        Assert.Equal((6L, 8L), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("candiate:\n  version: v3\n", 6, "candiate", "unknown key 'candiate'; did you mean 'candidate'?")]
    [InlineData("judgments:\n  qrel: q.txt\n", 7, "judgments.qrel", "unknown key 'qrel'; did you mean 'qrels'?")]
    [InlineData("rollback: { path: r.json, sha265: " + AbcSha + " }\n", 6, "rollback.sha265", "unknown key 'sha265'; did you mean 'sha256'?")]
    [InlineData("notes: hello\n", 6, "notes", "unknown key 'notes'")]
    public void Load_UnknownKey_IsErrorWithSuggestion(string yaml, long line, string field, string problem)
    {
        var result = Load(Minimal + yaml);

        Assert.Null(result.Bundle);
        var error = Assert.Single(result.Errors);
        Assert.Equal((line, field, problem), (error.Line, error.Field, error.Problem));
    }

    [Fact]
    public void Load_AblatedRunUnderBaseline_IsError()
    {
        var result = Load("deployment_id: d1\nbaseline:\n  version: v1\n  ablated_run: v1-ablated.run\ncandidate:\n  version: v2\n");

        Assert.Null(result.Bundle);
        Assert.Equal(
            "evidence.yaml:4:3: baseline.ablated_run: 'ablated_run' is not accepted here: only the candidate has an ablated run (its visual features removed); move it under candidate:; "
            + "expected one of version, mlflow_run_id, telemetry, run, metadata, environment, artifact_sha256",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_SameVersionTwice_IsErrorAtCandidateVersion()
    {
        var result = Load("deployment_id: d1\nbaseline:\n  version: v1\ncandidate:\n  version: v1\n");

        Assert.Null(result.Bundle);
        Assert.Equal(
            "evidence.yaml:5:12: candidate.version: 'v1' is also the baseline's version (line 3); expected a candidate version different from baseline.version: a verdict compares two different models",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_ArmNotMapping_NoSecondErrorForItsVersion()
    {
        var result = Load("deployment_id: d1\nbaseline: v1\ncandidate:\n  version: v2\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("baseline", "'v1' is not a mapping"), (error.Field, error.Problem));
    }

    [Fact]
    public void Load_SeveralErrors_AllReportedInFileOrder()
    {
        var yaml = """
            deployment_id: rank v2
            baseline:
              version: v1
              run: /tmp/v1.run
            candidate:
              version: v2
              telemetry: { path: data/v2.jsonl, sha256: nothex }
              ablated_runn: data/v2-ablated.run
            """;

        var result = Load(yaml);

        Assert.Null(result.Bundle);
        Assert.Equal(
            [
                "evidence.yaml:1:16: deployment_id",
                "evidence.yaml:4:8: baseline.run",
                "evidence.yaml:7:45: candidate.telemetry.sha256",
                "evidence.yaml:8:3: candidate.ablated_runn",
            ],
            result.Errors.Select(e => $"{e.Source}:{e.Line}:{e.Column}: {e.Field}"));
    }

    [Fact]
    public void Load_InvalidYaml_OnlyTheSyntaxError()
    {
        var result = Load("deployment_id: d1\nbaseline: { version: v1\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(string.Empty, error.Field);
        Assert.StartsWith("invalid YAML: ", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Model_IsRead()
    {
        Assert.Equal("ranker", Load("model: ranker\n" + Minimal).Bundle!.Model);
        Assert.Null(Load(Minimal).Bundle!.Model);
    }

    [Fact]
    public void Load_BadModelName_FullMessage()
    {
        var result = Load("model: rank er\n" + Minimal);

        Assert.Equal(
            "evidence.yaml:1:8: model: 'rank er' has ' ' at position 5; expected a model name as registered: letters, digits and . _ - (first a letter or digit), such as ranker",
            Assert.Single(result.Errors).ToString());
    }

    private static BundleLoadResult Load(string yaml) => BundleLoader.Load(new StringReader(yaml), "evidence.yaml");
}

using System.Text;
using Warden.Core.Bundle;
using Warden.Core.Evidence;

namespace Warden.Core.Tests.Bundle;

public sealed class EnvironmentManifestReaderTests
{
    private const string Sha = "3F2A9C1E5B7D4F60A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718";

    [Fact]
    public void Read_CompleteManifest_ReadsEveryFieldAndLowercasesTheHash()
    {
        var manifest = Read($$"""
            {
              "runtime": "python 3.11.7 / onnxruntime 1.20",
              "os": "ubuntu-22.04",
              "lock_hash": "sha256:9f0c",
              "artifact_sha256": "{{Sha}}",
              "built_by": "ci"
            }
            """);

        Assert.Equal("python 3.11.7 / onnxruntime 1.20", manifest.Runtime);
        Assert.Equal("ubuntu-22.04", manifest.Os);
        Assert.Equal("sha256:9f0c", manifest.LockHash);
        Assert.Equal(Sha.ToLowerInvariant(), manifest.ArtifactSha256);
        Assert.Empty(manifest.MissingFields);
    }

    [Theory]
    [InlineData("""{ "os": "ubuntu", "lock_hash": "h" }""", new[] { "runtime", "artifact_sha256" })]
    [InlineData("""{ "runtime": "", "os": "  ", "lock_hash": null, "artifact_sha256": "" }""", new[] { "runtime", "os", "lock_hash", "artifact_sha256" })]
    [InlineData("{}", new[] { "runtime", "os", "lock_hash", "artifact_sha256" })]
    public void Read_MissingNullOrEmptyFields_ListedInDeclaredOrderNotThrown(string json, string[] missing)
    {
        var manifest = Read(json);

        Assert.Equal(missing, manifest.MissingFields);
    }

    [Fact]
    public void Read_MissingField_LeavesPropertyNull()
    {
        var manifest = Read("""{ "runtime": "r", "os": "o", "lock_hash": "l" }""");

        Assert.Null(manifest.ArtifactSha256);
        Assert.Equal(["artifact_sha256"], manifest.MissingFields);
    }

    [Theory]
    // Column = 1-based character position of the value's opening quote on its line.
    [InlineData("{\n  \"artifact_sha256\": \"abc\"\n}", "env.json:2:22: artifact_sha256 is \"abc\" (3 characters); expected 64 hex digits, the sha256 of the model artifact")]
    [InlineData("{ \"artifact_sha256\": \"zz3f2a9c1e5b7d4f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607\" }", "env.json:1:22: artifact_sha256 is \"zz3f2a9c1e5b7d4f60a1b2c3d4e5f6071829... (64 characters); expected 64 hex digits, the sha256 of the model artifact")]
    public void Read_MalformedArtifactSha_ThrowsAtTheValue(string json, string message)
    {
        var error = Assert.Throws<EvidenceFormatException>(() => Read(json));

        Assert.Equal(message, error.Message);
        Assert.Equal("artifact_sha256", error.Issue.Field);
    }

    [Theory]
    [InlineData("{\n  \"runtime\": 3.11\n}", "env.json:2:14: runtime is a number; expected a string")]
    [InlineData("{ \"os\": [\"ubuntu\"] }", "env.json:1:9: os is an array; expected a string")]
    [InlineData("{ \"os\": \"a\", \"os\": \"b\" }", "env.json:1:14: os appears twice; expected each field once")]
    [InlineData("[1, 2]", "env.json:1:1: the document is an array; expected a JSON object with runtime, os, lock_hash and artifact_sha256")]
    [InlineData("", "env.json:1:1: file is empty; expected a JSON object with runtime, os, lock_hash and artifact_sha256")]
    public void Read_WrongShape_ThrowsWithLocationAndExpectation(string json, string message)
    {
        var error = Assert.Throws<EvidenceFormatException>(() => Read(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_SyntaxError_ReportsOneBasedLineAndColumnFromTheJsonReader()
    {
        // Line 3 is `  "os" "x"`: the reader stops at the second string, 0-based byte 7 on 0-based line 2.
        var error = Assert.Throws<EvidenceFormatException>(() => Read("{\n  \"runtime\": \"r\",\n  \"os\" \"x\"\n}"));

        Assert.Equal(3, error.Issue.Line);
        Assert.Equal(8, error.Issue.Column);
        Assert.StartsWith("env.json:3:8: not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; expected a JSON document (RFC 8259)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonAsciiBeforeTheProblem_CountsCharactersNotBytes()
    {
        // "é" is two UTF-8 bytes but one column: the number is the 25th character (26th byte).
        var error = Assert.Throws<EvidenceFormatException>(() => Read("{ \"runtime\": \"é\", \"os\": 1 }"));

        Assert.Equal("env.json:1:25: os is a number; expected a string", error.Message);
    }

    [Fact]
    public void Read_Utf8Bom_IsSkipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{ "runtime": "r" }""")).ToArray();

        var manifest = EnvironmentManifestReader.Read(new MemoryStream(bytes), "env.json");

        Assert.Equal("r", manifest.Runtime);
    }

    [Fact]
    public void Read_TrailingValue_IsASyntaxError()
    {
        var error = Assert.Throws<EvidenceFormatException>(() => Read("{ \"runtime\": \"r\" } {}"));

        Assert.Equal(1, error.Issue.Line);
        Assert.Equal(20, error.Issue.Column);
    }

    private static EnvironmentManifest Read(string json) =>
        EnvironmentManifestReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "env.json");
}

using System.Text;
using Warden.Core.Bundle;
using Warden.Core.Evidence;

namespace Warden.Core.Tests.Bundle;

public sealed class ModelMetadataReaderTests
{
    // Shape of the KServe / Open Inference Protocol v2 metadata_model_response
    // (name, versions #optional, platform, inputs and outputs of { name, datatype, shape }).
    private const string Ranker = """
        {
          "name": "ranker",
          "versions": ["2", "3"],
          "platform": "onnxruntime_onnx",
          "inputs": [
            { "name": "text_features", "datatype": "FP32", "shape": [-1, 512] },
            { "name": "query_ids", "datatype": "INT64", "shape": [-1], "parameters": { "content_type": "np" } }
          ],
          "outputs": [
            { "name": "scores", "datatype": "FP32", "shape": [-1, 1] }
          ],
          "extra": { "ignored": true }
        }
        """;

    [Fact]
    public void Read_OipMetadata_ReadsNameVersionsPlatformAndTensors()
    {
        var metadata = Read(Ranker);

        Assert.Equal("ranker", metadata.Name);
        Assert.Equal(["2", "3"], metadata.Versions);
        Assert.Equal("onnxruntime_onnx", metadata.Platform);
        Assert.Equal(2, metadata.Inputs.Count);
        Assert.Equal("text_features", metadata.Inputs[0].Name);
        Assert.Equal("FP32", metadata.Inputs[0].Datatype);
        Assert.Equal([-1L, 512L], metadata.Inputs[0].Shape);
        Assert.Equal(new TensorSpec("query_ids", "INT64", [-1]).Name, metadata.Inputs[1].Name);
        Assert.Equal([-1L], metadata.Inputs[1].Shape);
        Assert.Equal("scores", Assert.Single(metadata.Outputs).Name);
    }

    [Fact]
    public void Read_OnlyName_GivesEmptyListsAndPlatform()
    {
        var metadata = Read("""{ "name": "m", "versions": null, "inputs": null }""");

        Assert.Equal("m", metadata.Name);
        Assert.Empty(metadata.Versions);
        Assert.Equal(string.Empty, metadata.Platform);
        Assert.Empty(metadata.Inputs);
        Assert.Empty(metadata.Outputs);
    }

    [Theory]
    [InlineData("BOOL")]
    [InlineData("UINT8")]
    [InlineData("UINT64")]
    [InlineData("INT8")]
    [InlineData("INT32")]
    [InlineData("FP16")]
    [InlineData("FP64")]
    [InlineData("BYTES")]
    [InlineData("BF16")]
    public void Read_EveryProtocolDatatype_IsAccepted(string datatype)
    {
        var metadata = Read($$"""{ "name": "m", "inputs": [{ "name": "x", "datatype": "{{datatype}}", "shape": [1] }] }""");

        Assert.Equal(datatype, metadata.Inputs[0].Datatype);
    }

    // Columns are the 1-based character position of the offending token, checked with
    // python3: json_text.index(token) + 1.
    [Theory]
    [InlineData("{ \"platform\": \"p\" }", "meta.json:1:1: name is missing; expected the model name, a non-empty string")]
    [InlineData("{ \"name\": \"\" }", "meta.json:1:11: name is empty; expected the model name, a non-empty string")]
    [InlineData("{ \"name\": \"m\", \"versions\": [2] }", "meta.json:1:29: versions[0] is a number; expected a non-empty version string")]
    [InlineData("{ \"name\": \"m\", \"inputs\": {} }", "meta.json:1:26: inputs is an object; expected an array of { name, datatype, shape } objects")]
    [InlineData("{\n  \"name\": \"m\",\n  \"inputs\": [\n    { \"name\": \"x\", \"datatype\": \"float32\", \"shape\": [1] }\n  ]\n}",
        "meta.json:4:32: inputs[0].datatype is \"float32\"; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16 (case-sensitive)")]
    [InlineData("{ \"name\": \"m\", \"outputs\": [{ \"name\": \"y\", \"datatype\": \"fp32\", \"shape\": [1] }] }",
        "meta.json:1:55: outputs[0].datatype is \"fp32\"; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16 (case-sensitive)")]
    [InlineData("{ \"name\": \"m\", \"inputs\": [{ \"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 1.5] }] }",
        "meta.json:1:75: inputs[0].shape[1] is 1.5; expected an integer ≥ -1 (-1 = any size)")]
    [InlineData("{ \"name\": \"m\", \"inputs\": [{ \"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [-2] }] }",
        "meta.json:1:72: inputs[0].shape[0] is -2; expected an integer ≥ -1 (-1 = any size)")]
    [InlineData("{ \"name\": \"m\", \"inputs\": [{ \"name\": \"x\", \"datatype\": \"FP32\", \"shape\": \"[1]\" }] }",
        "meta.json:1:71: inputs[0].shape is a string; expected an array of integers, -1 for a dimension of any size")]
    [InlineData("{ \"name\": \"m\", \"inputs\": [{ \"name\": \"x\", \"datatype\": \"FP32\" }] }",
        "meta.json:1:27: inputs[0].shape is missing; expected every tensor to have name, datatype and shape")]
    [InlineData("{ \"name\": \"m\", \"inputs\": [{ \"datatype\": \"FP32\", \"shape\": [1] }] }",
        "meta.json:1:27: inputs[0].name is missing; expected every tensor to have name, datatype and shape")]
    [InlineData("{ \"name\": \"m\", \"inputs\": [1] }", "meta.json:1:27: inputs[0] is a number; expected a { name, datatype, shape } object")]
    [InlineData("{ \"name\": \"m\", \"name\": \"n\" }", "meta.json:1:16: name appears twice; expected each field once")]
    public void Read_BadMetadata_ThrowsNamingFieldAndExpectation(string json, string message)
    {
        var error = Assert.Throws<EvidenceFormatException>(() => Read(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_DuplicateTensorName_Throws()
    {
        const string Json = """
            { "name": "m", "outputs": [
              { "name": "y", "datatype": "FP32", "shape": [1] },
              { "name": "y", "datatype": "FP16", "shape": [1] } ] }
            """;

        var error = Assert.Throws<EvidenceFormatException>(() => Read(Json));

        Assert.Equal("meta.json:3:3: outputs has two tensors named 'y'; expected unique tensor names", error.Message);
        Assert.Equal("outputs[1].name", error.Issue.Field);
    }

    [Fact]
    public void Read_TruncatedDocument_ReportsSyntaxError()
    {
        var error = Assert.Throws<EvidenceFormatException>(() => Read("{ \"name\": \"m\", \"inputs\": ["));

        Assert.Equal(1, error.Issue.Line);
        Assert.StartsWith("meta.json:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    private static ModelMetadata Read(string json) =>
        ModelMetadataReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "meta.json");
}

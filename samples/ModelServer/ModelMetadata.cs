using System.Text.Json;

namespace Warden.Samples.ModelServer;

/// <summary>The one model this server serves, described like samples/meta/v1.json.</summary>
internal static class ModelMetadata
{
    public const string ModelName = "ranker";
    public const string Platform = "warden-sample-ranker";
    public const string QueryInput = "query_text";
    public const string CandidatesInput = "candidate_ids";
    public const string ScoresOutput = "scores";

    public static byte[] ModelJson(string version) => JsonSerializer.SerializeToUtf8Bytes(new ModelMetadataBody
    {
        Name = ModelName,
        Versions = [version],
        Platform = Platform,
        Inputs =
        [
            new TensorMetadata { Name = QueryInput, Datatype = "BYTES", Shape = [1] },
            new TensorMetadata { Name = CandidatesInput, Datatype = "BYTES", Shape = [-1] },
        ],
        Outputs = [new TensorMetadata { Name = ScoresOutput, Datatype = "FP32", Shape = [-1] }],
    }, ModelServerJsonContext.Default.ModelMetadataBody);

    public static byte[] ServerJson(string version) => JsonSerializer.SerializeToUtf8Bytes(
        new ServerMetadata { Name = Platform, Version = version, Extensions = [] },
        ModelServerJsonContext.Default.ServerMetadata);
}

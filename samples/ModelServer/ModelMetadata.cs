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

    /// <summary>The model's description; REST answers it as JSON, gRPC as a ModelMetadataResponse.</summary>
    public static ModelMetadataBody Model(string version) => new()
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
    };

    /// <summary>The server's description; REST answers it as JSON, gRPC as a ServerMetadataResponse.</summary>
    public static ServerMetadata Server(string version) => new() { Name = Platform, Version = version, Extensions = [] };

    public static byte[] ModelJson(string version) =>
        JsonSerializer.SerializeToUtf8Bytes(Model(version), ModelServerJsonContext.Default.ModelMetadataBody);

    public static byte[] ServerJson(string version) =>
        JsonSerializer.SerializeToUtf8Bytes(Server(version), ModelServerJsonContext.Default.ServerMetadata);

    /// <summary>
    /// The answer to a request naming a model this server does not serve (REST: 404, gRPC:
    /// NOT_FOUND); null when the name is the ranker's.
    /// </summary>
    public static string? NotServed(string? name) =>
        name == ModelName ? null : $"model '{name}' not found; this server serves model '{ModelName}'";
}

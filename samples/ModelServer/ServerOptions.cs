namespace Warden.Samples.ModelServer;

/// <summary>Parsed command line of `modelserver`.</summary>
internal sealed record ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8091";
    public const string DefaultCatalog = "samples/ModelServer/catalog.json";

    public required string WeightsPath { get; init; }
    /// <summary>Model version reported by the server; defaults to the weights file's "version".</summary>
    public string? Version { get; init; }
    public string CatalogPath { get; init; } = DefaultCatalog;
    public string Urls { get; init; } = DefaultUrls;
    /// <summary>
    /// Where the fault endpoints (<c>/admin/faults</c>, <c>/admin/crash</c>) listen; null (the
    /// default) leaves them off. Never the inference address: a gateway client must not be able
    /// to crash or reconfigure the model server.
    /// </summary>
    public string? AdminUrls { get; init; }
    /// <summary>
    /// Where the OIP v2 GRPCInferenceService listens (HTTP/2 cleartext); null (the default)
    /// leaves it off.
    /// </summary>
    public string? GrpcUrls { get; init; }
    public FaultSettings Faults { get; init; } = new();
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warden.Samples.ModelServer;

[JsonSerializable(typeof(InferRequest))]
[JsonSerializable(typeof(InferResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ServerMetadata))]
[JsonSerializable(typeof(ModelMetadataBody))]
[JsonSerializable(typeof(FaultSettings))]
internal sealed partial class ModelServerJsonContext : JsonSerializerContext
{
    /// <summary>Same contracts, but quotes and '…' stay readable in error messages instead of \u0027.</summary>
    public static ModelServerJsonContext Readable { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

using System.Text.Json;
using Google.Protobuf;
using Warden.Benchmarks.Oip;

namespace Warden.Benchmarks;

/// <summary>
/// An OIP v2 REST infer body (e.g. samples/ModelServer/bench-request.json) written as the gRPC
/// <see cref="ModelInferRequest"/> that asks the same: the id, each input's name, shape and
/// datatype, its data in the typed <c>contents</c> field the datatype names (BYTES elements as
/// UTF-8 in <c>bytes_contents</c>), and the requested outputs. The REST URL carries the model
/// name, the gRPC message carries it, hence <c>model</c>.
/// </summary>
internal static class InferRequestJson
{
    /// <summary>The request, or an <see cref="ArgumentException"/> naming the first field it cannot convert.</summary>
    public static ModelInferRequest ToGrpc(string json, string model)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var request = new ModelInferRequest { ModelName = model };
        if (root.TryGetProperty("id", out var id))
        {
            request.Id = id.GetString() ?? "";
        }

        var inputs = root.GetProperty("inputs");
        for (var i = 0; i < inputs.GetArrayLength(); i++)
        {
            request.Inputs.Add(Input(inputs[i], $"inputs[{i}]"));
        }

        if (root.TryGetProperty("outputs", out var outputs))
        {
            foreach (var output in outputs.EnumerateArray())
            {
                request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = output.GetProperty("name").GetString() });
            }
        }

        return request;
    }

    private static ModelInferRequest.Types.InferInputTensor Input(JsonElement input, string where)
    {
        var datatype = input.GetProperty("datatype").GetString() ?? "";
        var tensor = new ModelInferRequest.Types.InferInputTensor
        {
            Name = input.GetProperty("name").GetString(),
            Datatype = datatype,
            Contents = new InferTensorContents(),
        };
        tensor.Shape.Add(input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

        // OIP JSON may nest the data row by row; the tensor contents are flat, row-major.
        var data = Flatten(input.GetProperty("data")).ToList();
        switch (datatype)
        {
            case "BYTES":
                tensor.Contents.BytesContents.Add(data.Select(d => ByteString.CopyFromUtf8(d.GetString())));
                break;
            case "FP32":
                tensor.Contents.Fp32Contents.Add(data.Select(d => d.GetSingle()));
                break;
            case "FP64":
                tensor.Contents.Fp64Contents.Add(data.Select(d => d.GetDouble()));
                break;
            case "INT32":
                tensor.Contents.IntContents.Add(data.Select(d => d.GetInt32()));
                break;
            case "INT64":
                tensor.Contents.Int64Contents.Add(data.Select(d => d.GetInt64()));
                break;
            case "BOOL":
                tensor.Contents.BoolContents.Add(data.Select(d => d.GetBoolean()));
                break;
            default:
                throw new ArgumentException($"{where}.datatype: '{datatype}' is not converted to gRPC here; use BYTES, FP32, FP64, INT32, INT64 or BOOL");
        }

        return tensor;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement data) =>
        data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().SelectMany(Flatten) : [data];
}

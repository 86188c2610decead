using System.Text.Json;
using Warden.Core.Evidence;

namespace Warden.Core.Bundle;

/// <summary>
/// Reads the model metadata response of an Open Inference Protocol v2 server
/// (<c>GET /v2/models/{name}</c>): <c>name</c>, <c>versions</c>, <c>platform</c>, and
/// <c>inputs</c> / <c>outputs</c> arrays of <c>{ name, datatype, shape }</c>. Unknown fields
/// (for example a tensor's <c>parameters</c>) are ignored.
/// </summary>
/// <remarks>
/// <c>name</c> is required. <c>versions</c>, <c>platform</c>, <c>inputs</c> and <c>outputs</c> may
/// be absent or null (servers such as MLServer omit an undeclared signature); they read as empty.
/// Each tensor needs a non-empty <c>name</c> unique among the inputs (or outputs), a
/// <c>datatype</c> from the protocol's tensor data types (case-sensitive, as the protocol's
/// strings are), and a <c>shape</c> of integers where −1 means "any size".
/// </remarks>
public static class ModelMetadataReader
{
    /// <summary>
    /// The Open Inference Protocol tensor data types, plus <c>BF16</c>, which Triton serves and
    /// reports through the same endpoint.
    /// </summary>
    public static IReadOnlyList<string> Datatypes { get; } =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES", "BF16"];

    private const string Document = "an Open Inference Protocol model metadata object (name, versions, platform, inputs, outputs)";

    /// <summary>Reads the metadata in <paramref name="stream"/> (the caller keeps ownership of it).</summary>
    /// <param name="stream">The metadata JSON's bytes.</param>
    /// <param name="source">Path or URI to name in messages.</param>
    /// <exception cref="EvidenceFormatException">Not JSON, not an object, no name, a field of the wrong type, or a malformed tensor.</exception>
    public static ModelMetadata Read(Stream stream, string source)
    {
        var text = JsonEvidenceText.Load(stream, source);
        var reader = text.CreateReader();
        string? name = null;
        string platform = string.Empty;
        IReadOnlyList<string> versions = [];
        IReadOnlyList<TensorSpec> inputs = [];
        IReadOnlyList<TensorSpec> outputs = [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var root = text.ReadRootObject(ref reader, Document);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var (field, offset) = text.ReadPropertyName(ref reader);
                if (field is "name" or "platform" or "versions" or "inputs" or "outputs" && !seen.Add(field))
                {
                    throw text.Error(offset, field, $"{field} appears twice", "each field once");
                }

                switch (field)
                {
                    case "name":
                        name = text.RequiredString(ref reader, "name", "the model name, a non-empty string");
                        break;
                    case "platform":
                        platform = text.StringOrNull(ref reader, "platform", "a string, e.g. onnxruntime_onnx") ?? string.Empty;
                        break;
                    case "versions":
                        versions = ReadVersions(text, ref reader);
                        break;
                    case "inputs":
                        inputs = ReadTensors(text, ref reader, "inputs");
                        break;
                    case "outputs":
                        outputs = ReadTensors(text, ref reader, "outputs");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            text.RequireEnd(ref reader);
            if (name is null)
            {
                throw text.Error(root, "name", "name is missing", "the model name, a non-empty string");
            }
        }
        catch (JsonException e)
        {
            throw text.Syntax(e);
        }

        return new ModelMetadata { Name = name, Versions = versions, Platform = platform, Inputs = inputs, Outputs = outputs };
    }

    private static List<string> ReadVersions(JsonEvidenceText text, ref Utf8JsonReader reader)
    {
        const string Expected = "an array of version strings";
        var versions = new List<string>();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return versions;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw text.WrongType(ref reader, "versions", Expected);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = $"versions[{versions.Count}]";
            versions.Add(text.RequiredString(ref reader, item, "a non-empty version string"));
        }

        return versions;
    }

    private static List<TensorSpec> ReadTensors(JsonEvidenceText text, ref Utf8JsonReader reader, string field)
    {
        var tensors = new List<TensorSpec>();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return tensors;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw text.WrongType(ref reader, field, "an array of { name, datatype, shape } objects");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var path = $"{field}[{tensors.Count}]";
            var start = reader.TokenStartIndex;
            var tensor = ReadTensor(text, ref reader, path);
            if (!names.Add(tensor.Name))
            {
                throw text.Error(start, path + ".name", $"{field} has two tensors named '{tensor.Name}'", "unique tensor names");
            }

            tensors.Add(tensor);
        }

        return tensors;
    }

    private static TensorSpec ReadTensor(JsonEvidenceText text, ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw text.WrongType(ref reader, path, "a { name, datatype, shape } object");
        }

        var start = reader.TokenStartIndex;
        string? name = null;
        string? datatype = null;
        List<long>? shape = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var (key, offset) = text.ReadPropertyName(ref reader);
            var field = $"{path}.{key}";
            if (key is "name" or "datatype" or "shape" && !seen.Add(key))
            {
                throw text.Error(offset, field, $"{field} appears twice", "each field once");
            }

            switch (key)
            {
                case "name":
                    name = text.RequiredString(ref reader, field, "the tensor name, a non-empty string");
                    break;
                case "datatype":
                    datatype = ReadDatatype(text, ref reader, field);
                    break;
                case "shape":
                    shape = ReadShape(text, ref reader, field);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var missing = name is null ? "name" : datatype is null ? "datatype" : shape is null ? "shape" : null;
        if (missing is not null)
        {
            throw text.Error(start, $"{path}.{missing}", $"{path}.{missing} is missing", "every tensor to have name, datatype and shape");
        }

        return new TensorSpec(name!, datatype!, shape!);
    }

    private static string ReadDatatype(JsonEvidenceText text, ref Utf8JsonReader reader, string field)
    {
        var expected = "one of " + string.Join(", ", Datatypes);
        var value = text.RequiredString(ref reader, field, expected);
        foreach (var known in Datatypes)
        {
            if (string.Equals(known, value, StringComparison.Ordinal))
            {
                return known;
            }
        }

        throw text.Error(reader.TokenStartIndex, field, $"{field} is {JsonEvidenceText.Raw(ref reader)}", expected + " (case-sensitive)");
    }

    private static List<long> ReadShape(JsonEvidenceText text, ref Utf8JsonReader reader, string field)
    {
        const string Expected = "an integer ≥ -1 (-1 = any size)";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw text.WrongType(ref reader, field, "an array of integers, -1 for a dimension of any size");
        }

        var shape = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = $"{field}[{shape.Count}]";
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw text.WrongType(ref reader, item, Expected);
            }

            if (!reader.TryGetInt64(out var dim) || dim < -1)
            {
                throw text.Error(reader.TokenStartIndex, item, $"{item} is {JsonEvidenceText.Raw(ref reader)}", Expected);
            }

            shape.Add(dim);
        }

        return shape;
    }
}

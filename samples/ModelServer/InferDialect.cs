namespace Warden.Samples.ModelServer;

/// <summary>
/// How one wire form of the protocol names a tensor's elements, so that an input problem is
/// reported in the words of the request the client actually sent: <c>data</c> in JSON,
/// <c>contents</c> (bytes_contents or raw_input_contents) in gRPC.
/// </summary>
internal sealed record InferDialect
{
    public static InferDialect Json { get; } = new()
    {
        DataField = "data",
        DataHint = "send a non-empty array of strings",
        QueryExample = "{\"name\":\"query_text\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"...\"]}",
        CandidatesExample = "{\"name\":\"candidate_ids\",\"shape\":[n],\"datatype\":\"BYTES\",\"data\":[\"item-001\", ...]}",
    };

    public static InferDialect Grpc { get; } = new()
    {
        DataField = "contents",
        DataHint = "send the strings in contents.bytes_contents (or raw_input_contents)",
        QueryExample = "an InferInputTensor {name: \"query_text\", datatype: \"BYTES\", shape: [1], contents.bytes_contents: [\"...\"]}",
        CandidatesExample = "an InferInputTensor {name: \"candidate_ids\", datatype: \"BYTES\", shape: [n], contents.bytes_contents: [\"item-001\", ...]}",
    };

    /// <summary>The field that holds a tensor's elements.</summary>
    public required string DataField { get; init; }

    /// <summary>How to send the elements, said when they are missing.</summary>
    public required string DataHint { get; init; }

    /// <summary>A query_text tensor written the way this wire form writes it.</summary>
    public required string QueryExample { get; init; }

    /// <summary>A candidate_ids tensor written the way this wire form writes it.</summary>
    public required string CandidatesExample { get; init; }
}

using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Warden.Oip.V2;
using static Warden.Samples.ModelServer.Tests.InferEndpointTests;

namespace Warden.Samples.ModelServer.Tests;

/// <summary>
/// One real modelserver process (v2 weights) with its REST listener and its gRPC listener, shared
/// by the read-only tests of <see cref="GrpcEndpointTests"/>.
/// </summary>
public sealed class GrpcChildFixture : IAsyncLifetime
{
    private ChildServer? _child;

    internal HttpClient Http { get; private set; } = null!;
    internal GrpcChannel Channel { get; private set; } = null!;
    internal GRPCInferenceService.GRPCInferenceServiceClient Client { get; private set; } = null!;
    internal string? GrpcLine => _child?.GrpcLine;

    public async Task InitializeAsync()
    {
        _child = ChildServer.Start("--weights", "samples/models/v2.weights.json", "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0");
        await _child.WaitListeningAsync();
        await _child.WaitGrpcAsync();
        Http = new HttpClient { BaseAddress = _child.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        Channel = GrpcChannel.ForAddress(_child.GrpcAddress!);
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
    }

    public Task DisposeAsync()
    {
        Channel?.Dispose();
        Http?.Dispose();
        _child?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class GrpcEndpointTests(GrpcChildFixture server) : IClassFixture<GrpcChildFixture>
{
    private static readonly DateTime Soon = DateTime.UtcNow.AddMinutes(5);

    private GRPCInferenceService.GRPCInferenceServiceClient Client => server.Client;

    [Fact]
    public void Start_GrpcPortZero_PrintsTheBoundAddress()
    {
        Assert.Matches(@"^modelserver grpc \(OIP v2 GRPCInferenceService\) on http://127\.0\.0\.1:[1-9][0-9]*$", server.GrpcLine);
    }

    [Theory]
    [InlineData("three", false)]
    [InlineData("three", true)]
    [InlineData("bench", false)]
    [InlineData("bench", true)]
    public async Task ModelInfer_SameRequestAsRest_SameOutputAndExactlyTheSameScores(string which, bool raw)
    {
        var request = GrpcRequests.FromJson(which == "bench" ? await File.ReadAllTextAsync(RepoPaths.BenchRequest) : ThreeItems);
        using var rest = await server.Http.PostAsync("/v2/models/ranker/infer", Json(request.Json()));
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        using var restBody = JsonDocument.Parse(await rest.Content.ReadAsStringAsync());
        var restOutput = restBody.RootElement.GetProperty("outputs")[0];

        var grpc = await Client.ModelInferAsync(raw ? request.Raw() : request.Contents(), deadline: Soon);

        Assert.Equal(restBody.RootElement.GetProperty("model_name").GetString(), grpc.ModelName);
        Assert.Equal(restBody.RootElement.GetProperty("model_version").GetString(), grpc.ModelVersion);
        Assert.Equal(request.Id, grpc.Id);
        var output = Assert.Single(grpc.Outputs);
        Assert.Equal(restOutput.GetProperty("name").GetString(), output.Name);
        Assert.Equal(restOutput.GetProperty("datatype").GetString(), output.Datatype);
        Assert.Equal(restOutput.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), output.Shape);
        Assert.Empty(grpc.RawOutputContents);
        float[] restScores = [.. restOutput.GetProperty("data").EnumerateArray().Select(e => e.GetSingle())];
        Assert.Equal(request.Candidates.Length, restScores.Length);
        Assert.Equal(restScores, output.Contents.Fp32Contents);
    }

    // The known answer of InferEndpointTests (computed in Python) reached over gRPC.
    [Fact]
    public async Task ModelInfer_KnownQuery_ReturnsHandComputedScore()
    {
        var response = await Client.ModelInferAsync(GrpcRequests.FromJson(ThreeItems).Contents(), deadline: Soon);

        Assert.Equal("v2", response.ModelVersion);
        Assert.Equal(0.22834202f, response.Outputs[0].Contents.Fp32Contents[0], 0.000001f);
    }

    [Fact]
    public async Task HealthAndMetadata_Asked_AnswerLikeRest()
    {
        Assert.True((await Client.ServerLiveAsync(new ServerLiveRequest(), deadline: Soon)).Live);
        Assert.True((await Client.ServerReadyAsync(new ServerReadyRequest(), deadline: Soon)).Ready);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "ranker" }, deadline: Soon)).Ready);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "ranker", Version = "v2" }, deadline: Soon)).Ready);

        var serverMeta = await Client.ServerMetadataAsync(new ServerMetadataRequest(), deadline: Soon);
        Assert.Equal("warden-sample-ranker", serverMeta.Name);
        Assert.Equal("v2", serverMeta.Version);
        Assert.Empty(serverMeta.Extensions);

        // The REST metadata is samples/meta/v1.json with the served version (InferEndpointTests pins it).
        using var rest = JsonDocument.Parse(await server.Http.GetStringAsync("/v2/models/ranker"));
        var model = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "ranker" }, deadline: Soon);
        Assert.Equal(rest.RootElement.GetProperty("name").GetString(), model.Name);
        Assert.Equal(rest.RootElement.GetProperty("platform").GetString(), model.Platform);
        Assert.Equal(["v2"], model.Versions);
        Assert.Equal(Tensors(rest.RootElement.GetProperty("inputs")), model.Inputs.Select(t => $"{t.Name} {t.Datatype} [{string.Join(",", t.Shape)}]"));
        Assert.Equal(Tensors(rest.RootElement.GetProperty("outputs")), model.Outputs.Select(t => $"{t.Name} {t.Datatype} [{string.Join(",", t.Shape)}]"));
    }

    [Theory]
    [InlineData("other", "", "model 'other' not found; this server serves model 'ranker'")]
    [InlineData("ranker", "v9", "model 'ranker' version 'v9' not found; this server serves version 'v2' (or leave the version empty)")]
    public async Task UnknownModelOrVersion_AnyModelRpc_NotFound(string name, string version, string expected)
    {
        var request = GrpcRequests.FromJson(ThreeItems).Contents();
        request.ModelName = name;
        request.ModelVersion = version;

        var infer = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request, deadline: Soon).ResponseAsync);
        var ready = await Assert.ThrowsAsync<RpcException>(() => Client.ModelReadyAsync(new ModelReadyRequest { Name = name, Version = version }, deadline: Soon).ResponseAsync);
        var meta = await Assert.ThrowsAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest { Name = name, Version = version }, deadline: Soon).ResponseAsync);

        Assert.All(new[] { infer, ready, meta }, e =>
        {
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
            Assert.Equal(expected, e.Status.Detail);
        });
    }

    [Theory]
    [InlineData("no inputs", "inputs: missing or empty; send two tensors, query_text (BYTES, shape [1]) and candidate_ids (BYTES, shape [n])")]
    [InlineData("no query", "inputs: no tensor named 'query_text'; add an InferInputTensor {name: \"query_text\", datatype: \"BYTES\", shape: [1], contents.bytes_contents: [\"...\"]}")]
    [InlineData("unknown id", "inputs[1] (candidate_ids).contents: unknown candidate id 'item-999'; the catalog holds item-001 … item-500")]
    [InlineData("shape", "inputs[1] (candidate_ids).shape: is [5] but contents has 3 elements; set shape to [3]")]
    [InlineData("no shape", "inputs[1] (candidate_ids).shape: is missing but contents has 3 elements; set shape to [3]")]
    [InlineData("fp32", "inputs[0] (query_text).datatype: is 'FP32'; must be BYTES")]
    [InlineData("no contents", "inputs[1] (candidate_ids).contents: missing or empty; send the strings in contents.bytes_contents (or raw_input_contents)")]
    [InlineData("wrong field", "inputs[1] (candidate_ids).contents: datatype is 'BYTES' but int_contents is filled; put BYTES elements in bytes_contents")]
    [InlineData("two fields", "inputs[1] (candidate_ids).contents: fills bytes_contents and int_contents; fill only the field of the datatype (bytes_contents)")]
    [InlineData("bad utf8", "inputs[0] (query_text).contents.bytes_contents[0]: is not valid UTF-8; send BYTES elements as UTF-8 text")]
    [InlineData("raw and contents", "inputs[0] (query_text).contents: set while the request uses raw_input_contents; send every input's elements in one of the two, not both")]
    [InlineData("raw count", "raw_input_contents: has 1 entries for 2 inputs; send one entry per input, in the order of inputs")]
    [InlineData("raw length", "raw_input_contents[1] (candidate_ids): element 0 says 200 bytes but 8 remain; encode each BYTES element as a 4-byte little-endian length followed by its bytes")]
    [InlineData("output", "outputs[0].name: 'ranks' is not an output of model 'ranker'; ask for 'scores' or leave outputs empty")]
    public async Task ModelInfer_BadInput_InvalidArgumentNamingTheField(string fault, string expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(BadRequest(fault), deadline: Soon).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(expected, error.Status.Detail);
    }

    private static ModelInferRequest BadRequest(string fault)
    {
        var ok = new GrpcRequests("r1", "red running shoes", ["item-001", "item-002", "item-003"]);
        var request = fault.StartsWith("raw", StringComparison.Ordinal) ? ok.Raw() : ok.Contents();
        var query = request.Inputs[0];
        var candidates = request.Inputs[1];
        switch (fault)
        {
            case "no inputs": request.Inputs.Clear(); break;
            case "no query": request.Inputs.RemoveAt(0); break;
            case "unknown id": candidates.Contents.BytesContents[2] = ByteString.CopyFromUtf8("item-999"); break;
            case "shape": candidates.Shape[0] = 5; break;
            case "no shape": candidates.Shape.Clear(); break;
            case "fp32": query.Datatype = "FP32"; query.Contents = new InferTensorContents { Fp32Contents = { 1f } }; break;
            case "no contents": candidates.Contents = null; break;
            case "wrong field": candidates.Contents = new InferTensorContents { IntContents = { 1, 2, 3 } }; break;
            case "two fields": candidates.Contents.IntContents.Add([1, 2, 3]); break;
            case "bad utf8": query.Contents.BytesContents[0] = ByteString.CopyFrom(0xC3, 0x28); break;
            case "raw and contents": query.Contents = new InferTensorContents { BytesContents = { ByteString.CopyFromUtf8("x") } }; break;
            case "raw count": request.RawInputContents.RemoveAt(1); break;
            case "raw length": request.RawInputContents[1] = ByteString.CopyFrom(200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8); break;
            case "output": request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "ranks" }); break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such bad request");
        }
        return request;
    }

    private static IEnumerable<string> Tensors(JsonElement tensors) =>
        tensors.EnumerateArray().Select(t =>
            $"{t.GetProperty("name").GetString()} {t.GetProperty("datatype").GetString()} [{string.Join(",", t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()))}]");
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warden.Samples.ModelServer.Tests;

public sealed class InferEndpointTests
{
    internal const string ThreeItems = """{"id":"r1","inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":["red running shoes"]},{"name":"candidate_ids","shape":[3],"datatype":"BYTES","data":["item-001","item-002","item-003"]}]}""";

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    internal static async Task<float[]> ScoresAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. doc.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle())];
    }

    [Fact]
    public async Task ModelMetadata_Get_MatchesSampleMetaWithServedVersion()
    {
        await using var server = await RunningServer.StartAsync("v2");
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(RepoPaths.MetaV1))!;
        expected["versions"] = new JsonArray("v2");

        var actual = JsonNode.Parse(await server.Client.GetStringAsync("/v2/models/ranker"));

        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());
    }

    [Fact]
    public async Task ServerMetadata_Get_ReturnsNameVersionExtensions()
    {
        await using var server = await RunningServer.StartAsync("v1");

        Assert.Equal("""{"name":"warden-sample-ranker","version":"v1","extensions":[]}""", await server.Client.GetStringAsync("/v2"));
    }

    // Known answer computed independently in Python from catalog.json (item-001), with FNV-1a
    // token hashing: q_text has +1 at dim 3 ("red") and +2 at dim 12 ("running", "shoes");
    // q_visual has −1 at dims 0 and 15, +1 at dim 8.
    // cos(q_text, item-001.text) = 0.04975741649, cos(q_visual, item-001.visual) = 0.19289873530;
    // v1 = 1.0·0.04975742 = 0.04975742; v2 = 1.1·0.04975742 + 0.9·0.19289874 = 0.22834202.
    [Theory]
    [InlineData("v1", 0.04975742f)]
    [InlineData("v2", 0.22834202f)]
    public async Task Infer_KnownQuery_ReturnsHandComputedScore(string version, float expected)
    {
        await using var server = await RunningServer.StartAsync(version);

        using var response = await server.Client.PostAsync("/v2/models/ranker/infer", Json(ThreeItems));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ranker", (string?)body["model_name"]);
        Assert.Equal(version, (string?)body["model_version"]);
        Assert.Equal("r1", (string?)body["id"]);
        Assert.Equal("scores", (string?)body["outputs"]![0]!["name"]);
        Assert.Equal("FP32", (string?)body["outputs"]![0]!["datatype"]);
        Assert.Equal(3, (int)body["outputs"]![0]!["shape"]![0]!);
        var scores = await ScoresAsync(response);
        Assert.Equal(3, scores.Length);
        Assert.Equal(expected, scores[0], 0.000001f);
    }

    [Fact]
    public async Task Infer_V1AndV2_ScoresDiffer()
    {
        await using var v1 = await RunningServer.StartAsync("v1");
        await using var v2 = await RunningServer.StartAsync("v2");

        using var r1 = await v1.Client.PostAsync("/v2/models/ranker/infer", Json(ThreeItems));
        using var r2 = await v2.Client.PostAsync("/v2/models/ranker/infer", Json(ThreeItems));
        var s1 = await ScoresAsync(r1);
        var s2 = await ScoresAsync(r2);

        Assert.All(Enumerable.Range(0, 3), i => Assert.NotEqual(s1[i], s2[i]));
    }

    [Fact]
    public async Task Infer_BenchRequest_ScoresTenCandidates()
    {
        await using var server = await RunningServer.StartAsync("v2");

        using var response = await server.Client.PostAsync("/v2/models/ranker/infer", Json(await File.ReadAllTextAsync(RepoPaths.BenchRequest)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10, (await ScoresAsync(response)).Length);
    }

    [Theory]
    [InlineData("{\"inputs\":[", "malformed JSON")]
    [InlineData("{}", "inputs: missing or empty")]
    [InlineData("""{"inputs":[{"name":"candidate_ids","shape":[1],"datatype":"BYTES","data":["item-001"]}]}""", "no tensor named 'query_text'")]
    [InlineData("""{"inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":["x"]}]}""", "no tensor named 'candidate_ids'")]
    [InlineData("""{"inputs":[{"name":"query_text","shape":[1],"datatype":"FP32","data":["x"]},{"name":"candidate_ids","shape":[1],"datatype":"BYTES","data":["item-001"]}]}""", "inputs[0] (query_text).datatype: is 'FP32'; must be BYTES")]
    [InlineData("""{"inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":["x"]},{"name":"candidate_ids","shape":[3],"datatype":"BYTES","data":["item-001"]}]}""", "inputs[1] (candidate_ids).shape: is [3] but data has 1 elements; set shape to [1]")]
    [InlineData("""{"inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":["x"]},{"name":"candidate_ids","shape":[2],"datatype":"BYTES","data":["item-001","item-999"]}]}""", "inputs[1] (candidate_ids).data: unknown candidate id 'item-999'")]
    [InlineData("""{"inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":[7]}]}""", "malformed JSON at $.inputs[0].data[0]")]
    public async Task Infer_BadRequest_Returns400NamingTheField(string body, string expected)
    {
        await using var server = await RunningServer.StartAsync();

        using var response = await server.Client.PostAsync("/v2/models/ranker/infer", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>();
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v2/models/other")]
    [InlineData("GET", "/v2/models/other/ready")]
    [InlineData("POST", "/v2/models/other/infer")]
    public async Task UnknownModel_AnyEndpoint_Returns404(string method, string path)
    {
        await using var server = await RunningServer.StartAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Json(ThreeItems) : null };
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"error":"model 'other' not found; this server serves model 'ranker'"}""", await response.Content.ReadAsStringAsync());
    }
}

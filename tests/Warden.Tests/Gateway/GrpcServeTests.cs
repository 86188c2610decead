using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Warden.Gateway.Routing;
using Warden.Gateway.Tests.Support;
using Warden.Oip.V2;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Gateway;

/// <summary>
/// gRPC inference end to end with real processes: two reference model servers serving the OIP v2
/// GRPCInferenceService on h2c (v2 with its fault endpoints), <c>warden serve</c> as a child
/// process with a <c>protocol: http2</c> service, and a real gRPC client (Grpc.Net.Client) sending
/// the committed sample request (samples/ModelServer/bench-request.grpc) with sticky keys in the
/// metadata. Shadow comparisons of the protobuf answers, a canary split, an injected fault and a
/// killed backend are each seen by the client as gRPC statuses and by the gateway's admin API.
/// </summary>
public sealed partial class GrpcServeTests : IDisposable
{
    private const string GrpcLine = "modelserver grpc (OIP v2 GRPCInferenceService) on ";
    private const string AdminLine = "modelserver admin endpoints (faults, crash) on ";

    private readonly TempDirectory _dir = new();
    private readonly List<ChildProcess> _processes = [];

    [Fact]
    public async Task ModelInfer_ThroughServe_ShadowComparedCanarySplitFaultsAndKillSeenAsGrpcStatuses()
    {
        var dll = await ModelServerPair.ModelServerDllAsync();
        var catalog = RepoPaths.Sample("ModelServer", "catalog.json");
        var v1 = Start(dll, ["--weights", RepoPaths.Sample("models", "v1.weights.json"), "--version", "v1", "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0", "--catalog", catalog], RepoPaths.Root);
        var v2 = Start(dll, ["--weights", RepoPaths.Sample("models", "v2.weights.json"), "--version", "v2", "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0", "--catalog", catalog], RepoPaths.Root);
        var v1Grpc = (await v1.WaitForLineAsync(GrpcLine, TimeSpan.FromSeconds(30)))[GrpcLine.Length..];
        var v2Admin = new Uri((await v2.WaitForLineAsync(AdminLine, TimeSpan.FromSeconds(30)))[AdminLine.Length..]);
        var v2Grpc = (await v2.WaitForLineAsync(GrpcLine, TimeSpan.FromSeconds(30)))[GrpcLine.Length..];
        var config = _dir.File("warden.yaml");
        await File.WriteAllTextAsync(config, $$"""
            gateway:
              health: { interval_ms: 300, failures_to_mark_down: 1 }
              services:
                ranker-grpc:
                  protocol: http2
                  backends: { v1: "{{v1Grpc}}/", v2: "{{v2Grpc}}/" }
                  production: v1
                  shadow: v2
            """);
        var serve = Start(Path.Combine(AppContext.BaseDirectory, "warden.dll"), ["serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir.File("data")], _dir.Path);
        var ready = ReadyLine().Match(await serve.WaitForLineAsync("warden gateway listening on ", TimeSpan.FromSeconds(30)));
        Assert.True(ready.Success, serve.Error);
        var gateway = ready.Groups["url"].Value;
        var admin = new Uri(ready.Groups["admin"].Value + "/");
        using var channel = GrpcChannel.ForAddress(gateway);
        var request = SampleRequest();

        // Production v1 answers; v2 sees a mirror of each call, compared from the protobuf scores.
        for (var i = 0; i < 20; i++)
        {
            var answer = await CallAsync(channel, request, $"user-{i}");
            Assert.Equal(("v1", 10), (answer.ModelVersion, answer.Outputs[0].Contents.Fp32Contents.Count));
        }

        using var http = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(30) };
        var pair = await PollAsync(async () =>
        {
            using var shadow = JsonDocument.Parse(await http.GetStringAsync("admin/shadow"));
            var service = shadow.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "ranker-grpc");
            var compared = service.GetProperty("comparisons").EnumerateArray().SingleOrDefault();
            return compared.ValueKind == JsonValueKind.Object && compared.GetProperty("scores").GetProperty("comparisons_with_scores").GetInt64() == 20 ? compared.Clone() : (JsonElement?)null;
        });
        Assert.Equal((20, 20), (pair.GetProperty("comparisons").GetInt64(), pair.GetProperty("status_matches").GetInt64()));
        Assert.Equal(200, pair.GetProperty("scores").GetProperty("pairs_kept").GetInt64());

        // A 50 % canary: each key lands where its sticky bucket says, every time.
        using (var put = await http.PutAsJsonAsync("admin/routes/ranker-grpc", new { production = "v1", shadow = (string?)null, canary = "v2", canary_weight = 50, reason = "test: 50 % canary" }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var keys = Enumerable.Range(0, 40).Select(i => $"user-{i}").ToArray();
        foreach (var key in keys)
        {
            var answer = await CallAsync(channel, request, key);
            Assert.Equal(StickyBucket.IsCanary(key, 5000) ? "v2" : "v1", answer.ModelVersion);
        }

        var canaryKey = keys.First(k => StickyBucket.IsCanary(k, 5000));
        var productionKey = keys.First(k => !StickyBucket.IsCanary(k, 5000));

        // v2 fails every call: its users see INTERNAL from the model server, production's are untouched.
        using (var faults = new HttpClient())
        using (var put = await faults.PutAsync(new Uri(v2Admin, "admin/faults"), new StringContent("""{"error_rate": 1.0}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, request, canaryKey));
        Assert.Equal(StatusCode.Internal, failure.StatusCode);
        Assert.Equal("v1", (await CallAsync(channel, request, productionKey)).ModelVersion);

        // kill -9 v2: its users get UNAVAILABLE from the gateway, at once, with the reason.
        v2.Kill();
        var gone = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, request, canaryKey));
        Assert.Equal(StatusCode.Unavailable, gone.StatusCode);
        Assert.Matches("^backend ranker-grpc/v2 (refused the connection or is unreachable|is marked unhealthy .*)$", gone.Status.Detail);
        Assert.Equal("v1", (await CallAsync(channel, request, productionKey)).ModelVersion);

        // The gateway's telemetry counted v2's canary calls: the INTERNAL as a 5xx, the call after the
        // kill as connect (or unhealthy, when a probe marked v2 down first).
        // Windows are read once their second has closed: poll until the last call's is in.
        var canaryCalls = keys.Count(k => StickyBucket.IsCanary(k, 5000)) + 2;
        var telemetry = await PollAsync(async () =>
        {
            using var read = JsonDocument.Parse(await http.GetStringAsync("admin/telemetry?service=ranker-grpc&version=v2&arm=canary&seconds=300"));
            return read.RootElement.GetProperty("requests").GetInt64() == canaryCalls ? read.RootElement.Clone() : (JsonElement?)null;
        });
        var classes = telemetry.GetProperty("errors_by_class").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(2, telemetry.GetProperty("errors").GetInt64());
        Assert.Equal(1, classes["5xx"]);
        Assert.Equal(1, classes.GetValueOrDefault("connect") + classes.GetValueOrDefault("unhealthy"));
    }

    private static async Task<ModelInferResponse> CallAsync(GrpcChannel channel, ModelInferRequest request, string key)
    {
        var metadata = new Metadata { { "warden-service", "ranker-grpc" }, { "x-warden-key", key } };
        return await channel.CreateCallInvoker().AsyncUnaryCall(GrpcTestBackend.ModelInfer, null, new CallOptions(metadata, DateTime.UtcNow.AddSeconds(30)), request).ResponseAsync;
    }

    // The committed sample gRPC request, one uncompressed frame: what ./demo.sh sends with curl.
    private static ModelInferRequest SampleRequest()
    {
        var frame = File.ReadAllBytes(RepoPaths.Sample("ModelServer", "bench-request.grpc"));
        Assert.Equal(0, frame[0]);
        Assert.Equal((uint)(frame.Length - 5), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)));
        var request = ModelInferRequest.Parser.ParseFrom(frame.AsSpan(5));

        // The same request as bench-request.json (the REST body): id, inputs, shapes and values.
        using var json = JsonDocument.Parse(File.ReadAllText(RepoPaths.Sample("ModelServer", "bench-request.json")));
        Assert.Equal(("ranker", json.RootElement.GetProperty("id").GetString()), (request.ModelName, request.Id));
        var inputs = json.RootElement.GetProperty("inputs").EnumerateArray().ToArray();
        Assert.Equal(inputs.Select(i => i.GetProperty("name").GetString()), request.Inputs.Select(i => i.Name));
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(inputs[i].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), request.Inputs[i].Shape);
            Assert.Equal(inputs[i].GetProperty("data").EnumerateArray().Select(d => d.GetString()), request.Inputs[i].Contents.BytesContents.Select(b => b.ToStringUtf8()));
        }

        return request;
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe)
        where T : struct
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "the gateway did not report the expected state within 20 s");
            await Task.Delay(100);
        }
    }

    private ChildProcess Start(string dll, string[] args, string directory)
    {
        var process = ChildProcess.Start(dll, args, directory);
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _dir.Dispose();
    }

    [GeneratedRegex(@"^warden gateway listening on (?<url>http://127\.0\.0\.1:\d+), admin API on (?<admin>http://127\.0\.0\.1:\d+) ")]
    private static partial Regex ReadyLine();
}

using Warden.Benchmarks.Oip;

namespace Warden.Benchmarks;

/// <summary>
/// The options grpc-load and grpc-compare share: how calls name the gateway service (--service
/// NAME as the <c>warden-service</c> header, or first in the path with --path-prefix) and the
/// request they carry (--body FILE, an OIP v2 REST infer body, for model --model).
/// </summary>
internal sealed record GrpcTarget(string? Service, bool PathPrefix, ModelInferRequest Request)
{
    /// <summary>The target the options describe, or null (the reason on stderr) when they describe none.</summary>
    public static GrpcTarget? Parse(string[] args)
    {
        var service = LoadArgs.Value(args, "--service", null);
        var pathPrefix = LoadArgs.Flag(args, "--path-prefix");
        if (pathPrefix && service is null)
        {
            Console.Error.WriteLine("--path-prefix puts the --service name first in the path; give --service NAME too");
            return null;
        }

        var body = LoadArgs.Value(args, "--body", "samples/ModelServer/bench-request.json");
        if (!File.Exists(body))
        {
            Console.Error.WriteLine($"--body: '{body}' does not exist; run from the repository root or pass --body FILE");
            return null;
        }

        return new GrpcTarget(service, pathPrefix, InferRequestJson.ToGrpc(File.ReadAllText(body), LoadArgs.Value(args, "--model", "ranker")));
    }

    /// <summary>A load over a new channel to <paramref name="url"/>.</summary>
    public GrpcFixedRateLoad Open(string url) => new(new Uri(url), Request, Service, PathPrefix);

    /// <summary>The URL and how the service is named, for the run's first line.</summary>
    public string Describe(string url) =>
        Service is null ? url
        : PathPrefix ? $"{url.TrimEnd('/')}/{Service}/ (service by path prefix)"
        : $"{url} ({GrpcFixedRateLoad.ServiceHeader}: {Service})";
}

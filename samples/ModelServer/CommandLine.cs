using System.Globalization;

namespace Warden.Samples.ModelServer;

/// <summary>Parses `modelserver` flags, collecting every problem before giving up.</summary>
internal static class CommandLine
{
    public const string Help = """
        modelserver — reference Open Inference Protocol v2 ranker for Warden demos, tests and benchmarks.

        Usage:
          modelserver --weights FILE [--version V] [--catalog FILE] [--urls URL] [--admin-urls URL] [--grpc-urls URL] [fault flags]
          modelserver generate-catalog FILE     write the deterministic demo catalog (seed 20261122, 500 items, 16 dims)
          modelserver --help

        Options:
          --weights FILE            weights JSON, e.g. samples/models/v2.weights.json (required)
          --version V               model version to report (default: the weights file's "version")
          --catalog FILE            item catalog (default: samples/ModelServer/catalog.json, relative to the current directory)
          --urls URL                address to listen on (default: http://127.0.0.1:8091; port 0 picks a free port)
          --admin-urls URL          separate address for the fault endpoints GET|PUT /admin/faults and POST /admin/crash
                                    (default: off; they are never served on --urls; port 0 picks a free port)
          --grpc-urls URL           separate address for the OIP v2 gRPC service inference.GRPCInferenceService, HTTP/2
                                    cleartext (default: off; port 0 picks a free port)

        Fault flags (also changeable at runtime with PUT /admin/faults on the --admin-urls listener):
          --latency-ms N            add N ms to every infer request (default 0)
          --latency-jitter-ms N     add a further uniform 0..N ms, seeded (default 0)
          --error-rate R            answer this share (0..1) of infer requests with 500 (gRPC: INTERNAL), seeded (default 0)
          --hang                    infer requests never answer until hang is cleared or the client disconnects
          --not-ready               /v2/health/ready and /v2/models/ranker/ready answer 503 (gRPC: ready false)
          --crash-after N           the process kills itself (SIGKILL, exit 137) when the N-th infer request arrives
          --invert-scores           answer every infer request with its scores negated: the ranking upside down
          --seed N                  seed of the error and jitter draws (default 42)

        Exit codes: 0 stopped normally, 2 bad flags or bad input file, 137 injected crash.
        """;

    /// <summary>Returns the options, or throws <see cref="StartupException"/> listing every bad flag.</summary>
    public static ServerOptions Parse(IReadOnlyList<string> args)
    {
        var errors = new List<string>();
        string? weights = null, version = null, catalog = null, urls = null, adminUrls = null, grpcUrls = null;
        var faults = new FaultSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string? Value()
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }
                errors.Add($"{flag} needs a value");
                return null;
            }
            switch (flag)
            {
                case "--weights": weights = Value(); break;
                case "--version": version = Value(); break;
                case "--catalog": catalog = Value(); break;
                case "--urls": urls = Value(); break;
                case "--admin-urls": adminUrls = Value(); break;
                case "--grpc-urls": grpcUrls = Value(); break;
                case "--latency-ms": faults = faults with { LatencyMs = Int(flag, Value(), 0, 600_000, errors) }; break;
                case "--latency-jitter-ms": faults = faults with { LatencyJitterMs = Int(flag, Value(), 0, 600_000, errors) }; break;
                case "--crash-after": faults = faults with { CrashAfter = Int(flag, Value(), 1, int.MaxValue, errors) }; break;
                case "--invert-scores": faults = faults with { InvertScores = true }; break;
                case "--seed": faults = faults with { Seed = Int(flag, Value(), int.MinValue, int.MaxValue - 1, errors) }; break;
                case "--error-rate": faults = faults with { ErrorRate = Rate(flag, Value(), errors) }; break;
                case "--hang": faults = faults with { Hang = true }; break;
                case "--not-ready": faults = faults with { Ready = false }; break;
                default: errors.Add($"unknown flag '{flag}' (see modelserver --help)"); break;
            }
        }
        if (weights is null && !errors.Exists(e => e.StartsWith("--weights", StringComparison.Ordinal)))
        {
            errors.Add("--weights FILE is required, e.g. --weights samples/models/v2.weights.json");
        }
        if (urls is not null && (!Uri.TryCreate(urls, UriKind.Absolute, out var uri) || uri.Scheme != "http"))
        {
            errors.Add($"--urls '{urls}' must be an http URL such as http://127.0.0.1:8091");
        }
        if (adminUrls is not null)
        {
            if (!Uri.TryCreate(adminUrls, UriKind.Absolute, out var admin) || admin.Scheme != "http")
            {
                errors.Add($"--admin-urls '{adminUrls}' must be an http URL such as http://127.0.0.1:9091");
            }
            else if (admin.Port != 0 && Uri.TryCreate(urls ?? ServerOptions.DefaultUrls, UriKind.Absolute, out var inference) && inference.Port == admin.Port)
            {
                errors.Add($"--admin-urls '{adminUrls}' uses the inference port {admin.Port}; give the admin endpoints a port of their own (or 0 for a free one)");
            }
        }
        if (grpcUrls is not null)
        {
            CheckGrpcUrls(grpcUrls, urls ?? ServerOptions.DefaultUrls, adminUrls, errors);
        }
        if (errors.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, errors));
        }
        return new ServerOptions
        {
            WeightsPath = weights!,
            Version = version,
            CatalogPath = catalog ?? ServerOptions.DefaultCatalog,
            Urls = urls ?? ServerOptions.DefaultUrls,
            AdminUrls = adminUrls,
            GrpcUrls = grpcUrls,
            Faults = faults,
        };
    }

    /// <summary>The gRPC listener needs an http URL and a port of its own (0, a free one, always is).</summary>
    private static void CheckGrpcUrls(string grpcUrls, string urls, string? adminUrls, List<string> errors)
    {
        if (!Uri.TryCreate(grpcUrls, UriKind.Absolute, out var grpc) || grpc.Scheme != "http")
        {
            errors.Add($"--grpc-urls '{grpcUrls}' must be an http URL such as http://127.0.0.1:8001 (the service speaks HTTP/2 cleartext)");
            return;
        }
        if (grpc.Port == 0)
        {
            return;
        }
        if (Uri.TryCreate(urls, UriKind.Absolute, out var inference) && inference.Port == grpc.Port)
        {
            errors.Add($"--grpc-urls '{grpcUrls}' uses the inference port {grpc.Port}; give the gRPC service a port of its own (or 0 for a free one)");
        }
        if (adminUrls is not null && Uri.TryCreate(adminUrls, UriKind.Absolute, out var admin) && admin.Port == grpc.Port)
        {
            errors.Add($"--grpc-urls '{grpcUrls}' uses the admin port {grpc.Port}; give the gRPC service a port of its own (or 0 for a free one)");
        }
    }

    private static int Int(string flag, string? text, int min, int max, List<string> errors)
    {
        if (text is null)
        {
            return 0;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors.Add($"{flag} must be an integer from {min} to {max} (got '{text}')");
        return 0;
    }

    private static double Rate(string flag, string? text, List<string> errors)
    {
        if (text is null)
        {
            return 0;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
        {
            return value;
        }
        errors.Add($"{flag} must be a number from 0 to 1 (got '{text}')");
        return 0;
    }
}

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The paths a service forwards (<c>gateway.services.NAME.paths</c>) or the shadow mirrors
/// (<c>gateway.shadow.paths</c>): a request whose path after <c>/{service}</c> has none of these
/// shapes is not sent anywhere.
/// </summary>
internal sealed class PathAllowList
{
    /// <summary>
    /// The Open Inference Protocol v2 endpoints (server and model health, metadata, readiness,
    /// inference, with and without a model version), over REST and as the methods of its gRPC
    /// <c>inference.GRPCInferenceService</c>: the default for every service. The gRPC service's other
    /// methods (Triton's repository and shared-memory control, for instance) are not in it.
    /// </summary>
    public static readonly PathAllowList OpenInference = Of(
        "/v2",
        "/v2/health/live",
        "/v2/health/ready",
        "/v2/models/{name}",
        "/v2/models/{name}/ready",
        "/v2/models/{name}/infer",
        "/v2/models/{name}/versions/{version}",
        "/v2/models/{name}/versions/{version}/ready",
        "/v2/models/{name}/versions/{version}/infer",
        "/inference.GRPCInferenceService/ServerLive",
        "/inference.GRPCInferenceService/ServerReady",
        "/inference.GRPCInferenceService/ServerMetadata",
        "/inference.GRPCInferenceService/ModelReady",
        "/inference.GRPCInferenceService/ModelMetadata",
        "/inference.GRPCInferenceService/ModelInfer");

    /// <summary>The Open Inference Protocol inference endpoints, REST and gRPC: the default of what the shadow mirrors.</summary>
    public static readonly PathAllowList OpenInferenceInfer = Of(
        "/v2/models/{name}/infer",
        "/v2/models/{name}/versions/{version}/infer",
        "/inference.GRPCInferenceService/ModelInfer");

    /// <summary>Every path (<c>/{**path}</c>); only for a backend with nothing to hide.</summary>
    public static readonly PathAllowList Everything = Of("/{**path}");

    public PathAllowList(IReadOnlyList<PathPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        Patterns = patterns;
        Text = string.Join(", ", patterns.Select(p => p.Text));
    }

    /// <summary>The patterns, in the order given.</summary>
    public IReadOnlyList<PathPattern> Patterns { get; }

    /// <summary>The patterns as messages list them: <c>/v2, /v2/health/live, ...</c>.</summary>
    public string Text { get; }

    /// <summary>True when <paramref name="path"/> (decoded, after <c>/{service}</c>) matches a pattern.</summary>
    public bool Allows(ReadOnlySpan<char> path)
    {
        foreach (var pattern in Patterns)
        {
            if (pattern.Matches(path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why the request target as the client wrote it cannot be checked against a list, or null.
    /// The list is matched against the decoded, dot-normalised path, but the backend receives the
    /// target as written; a dot segment (<c>..</c>, <c>%2e%2e</c>) or an encoded slash or
    /// backslash could make the backend see another path than the one allowed, so such a
    /// target is never forwarded.
    /// </summary>
    public static string? Ambiguity(ReadOnlySpan<char> rawTarget)
    {
        var query = rawTarget.IndexOfAny('?', '#');
        var path = query < 0 ? rawTarget : rawTarget[..query];
        if (path.Contains('\\')
            || path.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || path.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return "an encoded slash or a backslash in the path";
        }

        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment is "." or ".."
                || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase)
                || segment.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase)
                || segment.Equals(".%2e", StringComparison.OrdinalIgnoreCase)
                || segment.Equals("%2e.", StringComparison.OrdinalIgnoreCase))
            {
                return "a '.' or '..' segment in the path";
            }
        }

        return null;
    }

    private static PathAllowList Of(params string[] patterns) =>
        new([.. patterns.Select(p => PathPattern.TryParse(p, out _) ?? throw new InvalidOperationException($"built-in path pattern {p} is invalid"))]);
}

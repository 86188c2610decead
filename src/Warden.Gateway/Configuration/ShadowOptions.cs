using Warden.Gateway.Forwarding;

namespace Warden.Gateway.Configuration;

/// <summary>The <c>gateway.shadow</c> section: limits on mirrored requests.</summary>
internal sealed record ShadowOptions
{
    /// <summary>Mirrors in flight at once across all services (<c>max_concurrency</c>); beyond it a mirror is dropped and counted.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>Time a mirror may take (<c>timeout_ms</c>); it never delays the production answer.</summary>
    public int TimeoutMs { get; init; } = 10_000;

    /// <summary>Default of <see cref="Methods"/>: POST, the Open Inference Protocol's inference call.</summary>
    public static readonly IReadOnlyList<string> DefaultMethods = ["POST"];

    /// <summary>
    /// Request methods mirrored (<c>methods</c>); a request with another method is never copied.
    /// Mirroring replays a call on a second backend, so only calls that are safe to repeat belong here.
    /// </summary>
    public IReadOnlyList<string> Methods { get; init; } = DefaultMethods;

    /// <summary>Paths under <c>/{service}</c> mirrored (<c>paths</c>); default the inference endpoints.</summary>
    public PathAllowList Paths { get; init; } = PathAllowList.OpenInferenceInfer;

    /// <summary>True when a request with <paramref name="method"/> and <paramref name="path"/> (after <c>/{service}</c>) is mirrored.</summary>
    public bool Mirrors(string method, ReadOnlySpan<char> path)
    {
        foreach (var allowed in Methods)
        {
            if (string.Equals(allowed, method, StringComparison.Ordinal))
            {
                return Paths.Allows(path);
            }
        }

        return false;
    }
}

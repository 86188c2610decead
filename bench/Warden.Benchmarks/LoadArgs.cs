using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Warden.Benchmarks;

/// <summary>The <c>--name value</c> options of the load modes (route-swap, shadow-cost, grpc-load, grpc-compare).</summary>
internal static class LoadArgs
{
    /// <summary>The value after <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    [return: NotNullIfNotNull(nameof(fallback))]
    public static string? Value(string[] args, string name, string? fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    /// <summary>Whether the flag <paramref name="name"/> (an option without a value) is given.</summary>
    public static bool Flag(string[] args, string name) => Array.IndexOf(args, name) >= 0;

    /// <summary>The number after <paramref name="name"/> (invariant culture), else <paramref name="fallback"/>.</summary>
    public static double Number(string[] args, string name, double fallback) =>
        Value(args, name, null) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

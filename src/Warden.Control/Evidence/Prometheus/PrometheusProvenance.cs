using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// The provenance of evidence read from Prometheus: <c>prom:&lt;hash&gt;@&lt;start&gt;/&lt;end&gt;</c>
/// for a range, <c>prom:&lt;hash&gt;@&lt;time&gt;</c> for an instant, where the hash is the first
/// 12 hex digits of SHA-256 over the UTF-8 query text. The same query over the same time gives
/// the same string, so a decision can be traced back to the exact query and re-run.
/// </summary>
internal static class PrometheusProvenance
{
    /// <summary>Provenance of an instant query evaluated at <paramref name="at"/>.</summary>
    public static string Of(string promql, DateTimeOffset at) => $"prom:{Hash(promql)}@{Format(at)}";

    /// <summary>Provenance of a range query (or of an <c>increase()</c> over it) from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static string Of(string promql, DateTimeOffset start, DateTimeOffset end) => $"prom:{Hash(promql)}@{Format(start)}/{Format(end)}";

    /// <summary>First 12 lowercase hex digits of SHA-256(UTF-8 <paramref name="promql"/>).</summary>
    public static string Hash(string promql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(promql)))[..12];

    /// <summary>ISO-8601 UTC with a <c>Z</c>; milliseconds only when the time has them.</summary>
    public static string Format(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var format = utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }
}

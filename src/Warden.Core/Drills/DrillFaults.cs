using System.Globalization;

namespace Warden.Core.Drills;

/// <summary>
/// The faults a drill injects, as the reference model server's <c>PUT /admin/faults</c> takes them
/// (samples/ModelServer/README.md): the body that starts one and the body that clears it.
/// </summary>
public static class DrillFaults
{
    /// <summary>The fault kinds, in the order the docs list them.</summary>
    /// <remarks>
    /// <c>compliance</c> inverts the faulty build's ranking (well-formed, fast, wrong answers), so the
    /// guard's <c>compliance_drop</c> trigger has a drill too; it needs the drill route's
    /// <c>compliance_labels</c> and a request whose top item flips to a non-compliant one.
    /// </remarks>
    public static IReadOnlyList<string> Kinds { get; } = ["errors", "latency", "hang", "crash", "compliance"];

    /// <summary>Default share of failed requests of an <c>errors</c> drill.</summary>
    public const double DefaultRate = 0.05;

    /// <summary>Default added latency of a <c>latency</c> drill, in milliseconds.</summary>
    public const int DefaultDelayMs = 100;

    /// <summary>
    /// What a crash drill sends instead of a fault body: the reference model server answers 202 and
    /// then kills itself (SIGKILL). A <c>crash_after</c> setting would kill it on the next infer
    /// request, which under load often arrives before the PUT's own answer is out.
    /// </summary>
    public const string CrashRequest = "POST /admin/crash";

    /// <summary>The body that starts <paramref name="kind"/>; for <c>crash</c>, <see cref="CrashRequest"/>.</summary>
    public static string Start(string kind, double rate, int delayMs) => kind switch
    {
        "errors" => $$"""{"error_rate":{{rate.ToString("R", CultureInfo.InvariantCulture)}}}""",
        "latency" => $$"""{"latency_ms":{{delayMs.ToString(CultureInfo.InvariantCulture)}}}""",
        "hang" => """{"hang":true}""",
        "crash" => CrashRequest,
        "compliance" => """{"invert_scores":true}""",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown fault kind"),
    };

    /// <summary>
    /// The body that clears what <paramref name="kind"/> sets, and nothing else (background noise set
    /// by hand, say jitter for an A/A comparison, stays); null for a crash, which leaves nothing to clear.
    /// </summary>
    public static string? Clear(string kind) => kind switch
    {
        "errors" => """{"error_rate":0}""",
        "latency" => """{"latency_ms":0}""",
        "hang" => """{"hang":false}""",
        "crash" => null,
        "compliance" => """{"invert_scores":false}""",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown fault kind"),
    };
}

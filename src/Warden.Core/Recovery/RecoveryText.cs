using System.Globalization;

namespace Warden.Core.Recovery;

/// <summary>Number, time and label formats shared by the assessment and the report.</summary>
internal static class RecoveryText
{
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Seconds(double? seconds) => seconds is { } s ? s.ToString("0.##", CultureInfo.InvariantCulture) + " s" : "n/a";

    public static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    /// <summary>UTC, to the second: <c>2026-12-06T03:51:08Z</c>.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The file part of an evidence reference (<c>rollback_log.json#rb-1</c> → <c>rollback_log.json</c>).</summary>
    public static string File(string evidence)
    {
        var hash = evidence.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? evidence : evidence[..hash];
    }

    public static string Label(OfficerVerdict verdict) => verdict switch
    {
        OfficerVerdict.Ready => "Ready",
        OfficerVerdict.Partial => "Partial",
        OfficerVerdict.Failed => "Failed",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    public static string NextAction(OfficerVerdict verdict) => verdict switch
    {
        OfficerVerdict.Ready => "Continue Monitoring",
        OfficerVerdict.Partial => "Trigger Full Audit",
        OfficerVerdict.Failed => "Alert Ops Commander",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    public static string Label(GuardrailStatus status) => status switch
    {
        GuardrailStatus.Pass => "Pass",
        GuardrailStatus.AtRisk => "At Risk",
        GuardrailStatus.Untested => "Untested",
        GuardrailStatus.Failed => "Failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status"),
    };

    public static string Label(MetricStatus status) => status switch
    {
        MetricStatus.NoData => "No Data",
        MetricStatus.Met => "Met",
        MetricStatus.Missed => "Missed",
        MetricStatus.AtRisk => "At Risk",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status"),
    };

    public static string Kind(RecoveryRunKind kind) => kind switch
    {
        RecoveryRunKind.Incident => "incident",
        RecoveryRunKind.Drill => "drill",
        RecoveryRunKind.AaDrill => "A/A drill",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown run kind"),
    };
}

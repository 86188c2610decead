using Warden.Core.Reports;
using Warden.Core.Verdicts;

namespace Warden.Rollouts;

/// <summary>One check of a step analysis or live verdict, as JSON.</summary>
internal sealed record CheckJson(string Id, string Name, string Status, EstimateJson? Observed, string Target, string Reason)
{
    /// <summary>The JSON shape of <paramref name="check"/>.</summary>
    public static CheckJson Of(CheckResult check) => new(
        check.Id,
        check.Name,
        check.Status switch { CheckStatus.Pass => "PASS", CheckStatus.Fail => "FAIL", _ => "INCONCLUSIVE" },
        check.Observed is { } observed ? EstimateJson.From(observed) : null,
        check.Target,
        check.Reason);
}

using System.Collections.Immutable;
using System.Globalization;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Reports;

/// <summary>
/// The verdict, evidence and policy a report is written from, with each table row's check found
/// once and every number's unit and provenance decided in one place.
/// </summary>
/// <remarks>
/// Checks are found by dimension and, where a dimension holds several, by a word in their id or
/// name (<c>drift</c>, <c>error</c>, <c>corr</c>, <c>ablat</c>): the report depends on the
/// engine's documented dimensions rather than on exact ids. Numbers shown for a check come from
/// <see cref="VerdictEvidence"/> (the measurements themselves), so every table agrees.
/// </remarks>
internal sealed class ReportContext
{
    public ReportContext(VerdictDecision decision, VerdictEvidence evidence, VerdictPolicy policy)
    {
        Decision = decision;
        Evidence = evidence;
        Policy = policy;
        var latency = InDimension(Dimension.Latency);
        P95Drift = FirstNamed(latency, "drift");
        ErrorRate = FirstNamed(latency, "error");
        P95 = latency.FirstOrDefault(c => c != P95Drift && c != ErrorRate);
        Compliance = InDimension(Dimension.Compliance).FirstOrDefault();
        Ndcg = InDimension(Dimension.Novelty).FirstOrDefault();
        Throughput = InDimension(Dimension.Throughput).FirstOrDefault();
        var safety = InDimension(Dimension.Safety);
        Correlation = FirstNamed(safety, "corr");
        Ablation = FirstNamed(safety, "ablat") ?? safety.FirstOrDefault(c => c != Correlation);
    }

    public VerdictDecision Decision { get; }

    public VerdictEvidence Evidence { get; }

    public VerdictPolicy Policy { get; }

    public CheckResult? Compliance { get; }

    public CheckResult? Ndcg { get; }

    public CheckResult? P95 { get; }

    public CheckResult? P95Drift { get; }

    public CheckResult? ErrorRate { get; }

    public CheckResult? Throughput { get; }

    public CheckResult? Ablation { get; }

    public CheckResult? Correlation { get; }

    /// <summary>The confidence level as a person writes it: 95, 99, 97.5.</summary>
    public string ConfidencePercent => (Policy.Confidence * 100).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary><c>CI95</c> for a 0.95 policy.</summary>
    public string CiLabel => "CI" + ConfidencePercent;

    /// <summary>How the compliance uplift is written: % of baseline or absolute points.</summary>
    public ReportQuantity UpliftQuantity =>
        Policy.Compliance.UpliftMode == UpliftMode.Relative ? ReportQuantity.DeltaPercent : ReportQuantity.DeltaPoints;

    public List<CheckResult> InDimension(Dimension dimension) => [.. Decision.Checks.Where(c => c.Dimension == dimension)];

    /// <summary>The measurement behind a check and how to write it; the check's own estimate for unknown checks.</summary>
    public (Estimate? Estimate, ReportQuantity Quantity) Measured(CheckResult check)
    {
        if (check == Compliance)
        {
            return (Evidence.ComplianceUplift, UpliftQuantity);
        }

        if (check == Ndcg)
        {
            return (Evidence.NdcgDelta, ReportQuantity.DeltaScore);
        }

        if (check == P95)
        {
            return (Evidence.Candidate.P95, ReportQuantity.Milliseconds);
        }

        if (check == P95Drift)
        {
            return (Evidence.P95Drift, ReportQuantity.DeltaMilliseconds);
        }

        if (check == ErrorRate)
        {
            return (Evidence.Candidate.ErrorRate, ReportQuantity.ErrorPercent);
        }

        if (check == Throughput)
        {
            return (Evidence.Candidate.Throughput, ReportQuantity.RequestsPerSecond);
        }

        if (check == Ablation)
        {
            return (Evidence.AblationDrop, ReportQuantity.Percent);
        }

        return check == Correlation
            ? (Evidence.ScoreCorrelation, ReportQuantity.Score)
            : (check.Observed, ReportQuantity.Plain);
    }

    /// <summary><c>@ ev:a, ev:b</c>, plus <c>@ mlflow:id</c> when the arm the number describes has a run id.</summary>
    public static string Provenance(IEnumerable<EvidenceId> evidence, string? mlflowRunId)
    {
        var distinct = evidence.Select(i => i.Value).Distinct(StringComparer.Ordinal).ToList();
        var ids = distinct.Count == 0 ? "no evidence id" : string.Join(", ", distinct);
        return mlflowRunId is null ? $"@ {ids}" : $"@ {ids} @ mlflow:{mlflowRunId}";
    }

    /// <summary>The provenance of an estimate: its evidence ids and the arm's MLflow run id.</summary>
    public static string Provenance(Estimate estimate, string? mlflowRunId) =>
        Provenance(estimate.Evidence.IsDefault ? [] : estimate.Evidence, mlflowRunId);

    /// <summary>A number with its provenance, e.g. <c>47.8 ms @ ev:3f2a9c1e</c>.</summary>
    public string Cited(Estimate estimate, ReportQuantity quantity, string? mlflowRunId) =>
        $"{quantity.Value(estimate.Value)} {Provenance(estimate, mlflowRunId)}";

    /// <summary>A number, its interval and provenance: <c>12.4 % (CI95 8.1 to 16.9) @ ev:…</c>.</summary>
    public string CitedWithInterval(Estimate estimate, ReportQuantity quantity, string? mlflowRunId) =>
        $"{quantity.Value(estimate.Value)} ({CiLabel} {quantity.Number(estimate.Low)} to {quantity.Number(estimate.High)}) "
        + Provenance(estimate, mlflowRunId);

    /// <summary>The id a short citation names: the first one from a candidate file, else the first.</summary>
    public EvidenceId? PrimaryId(IEnumerable<EvidenceId> ids)
    {
        EvidenceId? first = null;
        foreach (var id in ids)
        {
            first ??= id;
            if (Evidence.Inputs.Any(i => i.Id == id && i.Role.StartsWith("candidate", StringComparison.Ordinal)))
            {
                return id;
            }
        }

        return first;
    }

    /// <summary>Evidence ids a check rests on: its own, then its measurement's.</summary>
    public List<EvidenceId> EvidenceOf(CheckResult check)
    {
        var ids = new List<EvidenceId>();
        AddDistinct(ids, check.Evidence);
        if (Measured(check).Estimate is { } estimate)
        {
            AddDistinct(ids, estimate.Evidence);
        }

        return ids;
    }

    /// <summary><c>`candidate/run.txt` (ev:…)</c> for each id, from the bundle's inputs; a bare id when no input has it.</summary>
    public string Paths(IEnumerable<EvidenceId> ids)
    {
        var parts = new List<string>();
        foreach (var id in ids)
        {
            var paths = Evidence.Inputs.Where(i => i.Id == id).Select(i => i.Path).Distinct(StringComparer.Ordinal).ToList();
            if (paths.Count == 0)
            {
                parts.Add(id.Value);
                continue;
            }

            parts.AddRange(paths.Select(p => $"`{p}` ({id.Value})"));
        }

        return parts.Count == 0 ? "n/a: no evidence id recorded" : string.Join(", ", parts);
    }

    /// <summary>Why a value is missing: the check's reason when there is a check.</summary>
    public static string NotAvailable(CheckResult? check) =>
        check is null ? "n/a: not measured" : "n/a: " + ReportText.Sentence(check.Reason);

    private static void AddDistinct(List<EvidenceId> ids, ImmutableArray<EvidenceId> more)
    {
        if (more.IsDefaultOrEmpty)
        {
            return;
        }

        foreach (var id in more)
        {
            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }
    }

    private static CheckResult? FirstNamed(List<CheckResult> checks, string word) =>
        checks.FirstOrDefault(c => c.Id.Contains(word, StringComparison.OrdinalIgnoreCase)
            || c.Name.Contains(word, StringComparison.OrdinalIgnoreCase));
}

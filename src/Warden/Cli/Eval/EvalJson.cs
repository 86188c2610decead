using Warden.Cli.Output;
using Warden.Core.Ranking;
using Warden.Core.Reports;

namespace Warden.Cli.Eval;

/// <summary>The <c>warden eval --json</c> document (schema in docs/cli.md).</summary>
internal sealed record EvalJson(
    string Command,
    int K,
    int ComplianceK,
    string Unlabelled,
    double Confidence,
    int Resamples,
    int Seed,
    EvidenceJson Qrels,
    EvidenceJson? Compliance,
    IReadOnlyList<EvalJson.RunJson> Runs,
    EvalJson.DeltaJson? Delta)
{
    public static EvalJson From(EvalRequest request, EvalResult result) => new(
        "eval",
        request.K,
        request.ComplianceK,
        request.Unlabelled == UnlabelledDocuments.Compliant ? "compliant" : "not-compliant",
        request.Confidence,
        request.Resamples,
        request.Seed,
        EvidenceJson.Of(result.Qrels.Info, result.Qrels.Issues),
        result.Compliance is { } c ? EvidenceJson.Of(c.Info, c.Issues) : null,
        [.. result.Runs.Select(r => RunJson.From(r, request.PerQuery))],
        result.NdcgDelta is { } d
            ? new DeltaJson("second minus first, paired by query", EstimateJson.From(d), result.ComplianceDelta is { } cd ? EstimateJson.From(cd) : null)
            : null);

    internal sealed record RunJson(
        string Source,
        string Tag,
        EvidenceJson Input,
        int Queries,
        EstimateJson Ndcg,
        EstimateJson? Compliance,
        IReadOnlyList<QueryJson>? PerQuery)
    {
        public static RunJson From(RunEvaluation run, bool perQuery) => new(
            run.Source,
            run.Tag,
            EvidenceJson.Of(run.Input.Info, run.Input.Issues),
            run.Ndcg.QueryIds.Count,
            EstimateJson.From(run.NdcgMean),
            run.ComplianceMean is { } c ? EstimateJson.From(c) : null,
            perQuery ? PerQueryRows(run) : null);

        private static List<QueryJson> PerQueryRows(RunEvaluation run)
        {
            var compliance = new Dictionary<string, double>(StringComparer.Ordinal);
            if (run.Compliance is { } c)
            {
                for (var i = 0; i < c.QueryIds.Count; i++)
                {
                    compliance[c.QueryIds[i]] = c.Values[i];
                }
            }

            var rows = new List<QueryJson>(run.Ndcg.QueryIds.Count);
            for (var i = 0; i < run.Ndcg.QueryIds.Count; i++)
            {
                var qid = run.Ndcg.QueryIds[i];
                rows.Add(new QueryJson(qid, run.Ndcg.Values[i], compliance.TryGetValue(qid, out var v) ? v : null));
            }

            return rows;
        }
    }

    internal sealed record QueryJson(string Qid, double Ndcg, double? Compliance);

    internal sealed record DeltaJson(string Definition, EstimateJson Ndcg, EstimateJson? Compliance);
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Warden.Core.Policy;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Reports;

/// <summary>
/// The <c>deployment_verdict.json</c> document: the markdown report's facts for machines. Names
/// are snake_case; outcome, status and vote are UPPER tokens; absent values are null, not omitted.
/// </summary>
internal sealed record VerdictJson(
    string DeploymentId,
    DateTimeOffset AsOf,
    VerdictJson.ArmJson Baseline,
    VerdictJson.ArmJson Candidate,
    VerdictJson.DeltaJson Delta,
    string Outcome,
    int ExitCode,
    string Rule,
    IReadOnlyList<string> Findings,
    int GoVotes,
    int Quorum,
    IReadOnlyList<VerdictJson.VoteJson> Votes,
    IReadOnlyList<VerdictJson.CheckJson> Checks,
    IReadOnlyList<VerdictJson.InputJson> Inputs,
    VerdictPolicy Policy)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = new WardenYamlNaming(),
        WriteIndented = true,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write(VerdictDecision decision, VerdictEvidence evidence, VerdictPolicy policy)
    {
        var document = new VerdictJson(
            evidence.DeploymentId,
            evidence.AsOf,
            ArmJson.From(evidence.Baseline),
            ArmJson.From(evidence.Candidate),
            new DeltaJson(
                "candidate minus baseline, paired by query",
                evidence.NdcgDelta is { } nd ? EstimateJson.From(nd) : null,
                evidence.ComplianceDelta is { } cd ? EstimateJson.From(cd) : null),
            ReportText.Token(decision.Outcome),
            ReportText.ExitCode(decision.Outcome),
            decision.Rule,
            [.. Each(decision.Findings).Select(f => f.Id)],
            decision.GoVotes,
            decision.Quorum,
            [.. Each(decision.Votes).Select(v => new VoteJson(
                ReportText.SnakeCase(v.Reviewer.ToString()), v.Name, ReportText.Label(v.Vote).Replace('-', '_'), v.Decisive.Id))],
            [.. Each(decision.Checks).Select(CheckJson.From)],
            [.. evidence.Inputs.Select(i => new InputJson(
                i.Role, i.Path, i.Id?.Value, i.Id?.Sha256, i.PinnedSha256, i.PinMismatch, i.MlflowRunId, i.Problem))],
            policy);
        return JsonSerializer.Serialize(document, Options) + "\n";
    }

    private static IEnumerable<T> Each<T>(System.Collections.Immutable.ImmutableArray<T> items) => items.IsDefault ? [] : items;

    /// <summary>
    /// Version, MLflow run id, request count and ranking quality of one arm: mean nDCG@K and
    /// Compliance@K with their intervals, as <c>warden eval</c> gives them for the same run.
    /// </summary>
    internal sealed record ArmJson(string Version, string? MlflowRunId, long Requests, EstimateJson? Ndcg, EstimateJson? Compliance)
    {
        public static ArmJson From(ArmMeasurements arm) => new(
            arm.Version,
            arm.MlflowRunId,
            arm.Requests,
            arm.Ndcg is { } n ? EstimateJson.From(n) : null,
            arm.Compliance is { } c ? EstimateJson.From(c) : null);
    }

    /// <summary>
    /// The paired differences of the ranking metrics, candidate minus baseline, as
    /// <c>warden eval</c>'s <c>delta</c> gives them for the same two runs; null when not computed.
    /// </summary>
    internal sealed record DeltaJson(string Definition, EstimateJson? Ndcg, EstimateJson? Compliance);

    /// <summary>One reviewer's vote and the id of the check that decided it.</summary>
    internal sealed record VoteJson(string Reviewer, string Name, string Vote, string DecisiveCheck);

    /// <summary>One check as the engine returned it.</summary>
    internal sealed record CheckJson(
        string Id,
        string Name,
        string Dimension,
        string Reviewer,
        string Status,
        EstimateJson? Observed,
        string Target,
        string Reason,
        IReadOnlyList<string> Details,
        IReadOnlyList<string> Evidence)
    {
        public static CheckJson From(CheckResult check) => new(
            check.Id,
            check.Name,
            ReportText.SnakeCase(check.Dimension.ToString()),
            ReportText.SnakeCase(check.Reviewer.ToString()),
            ReportText.Label(check.Status),
            check.Observed is { } o ? EstimateJson.From(o) : null,
            check.Target,
            check.Reason,
            [.. Each(check.Details)],
            [.. Each(check.Evidence).Select(e => e.Value)]);
    }

    /// <summary>One bundle file: where it is, what it hashed to, what was pinned, what went wrong.</summary>
    internal sealed record InputJson(
        string Role,
        string Path,
        string? EvidenceId,
        string? Sha256,
        string? PinnedSha256,
        bool PinMismatch,
        string? MlflowRunId,
        string? Problem);

    /// <summary>
    /// snake_case, with a <c>Seconds</c> suffix written <c>_s</c> as <c>warden.yaml</c> writes it
    /// (<c>LoadTimeMaxSeconds</c> → <c>load_time_max_s</c>), so the policy in the report can be
    /// pasted back into the policy file.
    /// </summary>
    private sealed class WardenYamlNaming : JsonNamingPolicy
    {
        public override string ConvertName(string name)
        {
            var snake = SnakeCaseLower.ConvertName(name);
            return snake.EndsWith("_seconds", StringComparison.Ordinal) ? snake[..^"econds".Length] : snake;
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Warden.Core.Reports;
using Warden.Core.Verdicts;
using Warden.Storage;

namespace Warden.Registry;

/// <summary>
/// Records a verdict in the store with its audit event, in one transaction: what a promotion
/// later rests on. The CLI's <c>warden verdict --record</c> uses it, and so will the rollout
/// controller (the live shadow verdict) and the heartbeat cycle.
/// </summary>
internal static class VerdictRecorder
{
    /// <summary>The folder name a live shadow verdict's reports go under (DEPLOYMENT/live-SHA12), beside an offline verdict's DEPLOYMENT/SHA12.</summary>
    public const string LiveReportPrefix = "live-";

    /// <summary>The sha256 of the JSON report, as recorded (lowercase hex).</summary>
    public static string ReportSha256(string reportJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reportJson)));

    /// <summary>Records <paramref name="decision"/> on <paramref name="evidence"/> for <paramref name="model"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="actor">Who records it.</param>
    /// <param name="model">The registered model name.</param>
    /// <param name="decision">The verdict.</param>
    /// <param name="evidence">What it was computed from (deployment id, arms, inputs, as-of time).</param>
    /// <param name="reportJson">The <c>deployment_verdict.json</c> text whose sha256 is recorded.</param>
    /// <param name="cancellationToken">Cancels the wait for the store's write lock.</param>
    /// <returns>The record and the sequence number of its audit event.</returns>
    public static async Task<(VerdictRecord Record, long Sequence)> RecordAsync(
        IWardenStore store, string actor, string model, VerdictDecision decision, VerdictEvidence evidence, string reportJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(evidence);
        var record = new VerdictRecord
        {
            DeploymentId = evidence.DeploymentId,
            Model = model,
            CandidateVersion = evidence.Candidate.Version,
            BaselineVersion = evidence.Baseline.Version,
            Outcome = VerdictReport.Label(decision.Outcome),
            ReportSha256 = ReportSha256(reportJson),
            EvidenceIds = [.. evidence.Inputs.Where(i => i.Id is not null).Select(i => i.Id!.Value.ToString()).Distinct(StringComparer.Ordinal)],
            RecordedAt = evidence.AsOf, // the store records its own clock (ModelRegistry.RecordVerdictAsync): the age a promotion checks runs from then
            Actor = actor,
        };
        var sequence = await new ModelRegistry(store).RecordVerdictAsync(record, cancellationToken).ConfigureAwait(false);
        return (record, sequence);
    }
}

using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Warden.Core.Bundle;
using Warden.Core.Reports;
using Warden.Core.Verdicts;
using Warden.Registry;
using Warden.Storage;
using Warden.Storage.Sqlite;

namespace Warden.Cli.Verdict;

/// <summary>
/// The store side of <c>warden verdict</c>: which store the verdict reads registry facts from,
/// and recording the verdict with <c>--record</c>.
/// </summary>
internal static class VerdictRecording
{
    /// <summary>The model name: the bundle's <c>model:</c>, else <c>--model</c>; required with <c>--record</c>.</summary>
    public static string? ModelOf(EvidenceBundle bundle, string? option, string evidencePath, bool record)
    {
        if (bundle.Model is { } fromBundle && option is not null && option != fromBundle)
        {
            throw new UserInputException($"--model {option} disagrees with model: {fromBundle} in {evidencePath}; drop --model or fix the bundle.");
        }

        var model = bundle.Model ?? option;
        if (model is not null)
        {
            RegistryNames.CheckName(model, "--model");
        }
        else if (record)
        {
            throw new UserInputException(
                $"--record needs the model's name: add 'model: NAME' to {evidencePath} (the name it is registered under, e.g. model: ranker) or pass --model NAME. Nothing was judged or recorded.");
        }

        return model;
    }

    /// <summary>
    /// The store to consult: with <c>--record</c> or <c>--data-dir</c> it is opened (created if
    /// needed); otherwise only when a database already exists at the default location, so a plain
    /// verdict never creates one.
    /// </summary>
    public static async ValueTask<SqliteStore?> OpenStoreAsync(ParseResult parse, CliEnvironment env, StoreOptions options, bool record, CancellationToken cancellationToken)
    {
        var explicitDir = parse.GetValue(options.DataDir);
        var dir = DataDirectory.Resolve(explicitDir);
        if (!record && explicitDir is null && !File.Exists(Path.Combine(dir, DataDirectory.DatabaseFileName)))
        {
            return null;
        }

        return await options.OpenAsync(parse, env, cancellationToken);
    }

    /// <summary>The sha256 of the JSON report, as recorded (lowercase hex).</summary>
    public static string ReportSha256(string reportJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reportJson)));

    /// <summary>
    /// Where <c>--record</c> without <c>--out</c> writes the reports: under the data directory, one
    /// folder per deployment and report (first 12 hex digits of the recorded sha256), so a
    /// re-judged deployment keeps every report its recorded verdicts point to, and nothing lands
    /// in whatever folder the command happened to run in.
    /// </summary>
    public static string ReportFolder(string dataDirectory, string deploymentId, string reportJson) =>
        Path.Combine(dataDirectory, "reports", deploymentId, ReportSha256(reportJson)[..12]);

    /// <summary>Records the verdict and prints one line saying so.</summary>
    public static async Task RecordAsync(IWardenStore store, string actor, string model, VerdictDecision decision, VerdictEvidence evidence, string reportJson, TextWriter output, CancellationToken cancellationToken)
    {
        var record = new VerdictRecord
        {
            DeploymentId = evidence.DeploymentId,
            Model = model,
            CandidateVersion = evidence.Candidate.Version,
            BaselineVersion = evidence.Baseline.Version,
            Outcome = VerdictReport.Label(decision.Outcome),
            ReportSha256 = ReportSha256(reportJson),
            EvidenceIds = [.. evidence.Inputs.Where(i => i.Id is not null).Select(i => i.Id!.Value.ToString()).Distinct(StringComparer.Ordinal)],
            RecordedAt = evidence.AsOf,
            Actor = actor,
        };
        var sequence = await new ModelRegistry(store).RecordVerdictAsync(record, cancellationToken);
        output.WriteLine($"  recorded: {record.Outcome} for {model} {record.CandidateVersion} (deployment {record.DeploymentId}, report sha256 {record.ReportSha256[..12]}, {Warden.Audit.AuditIds.Format(sequence)}) in {store.Location}");
    }
}

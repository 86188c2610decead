using System.CommandLine;
using Warden.Core.Bundle;
using Warden.Core.Verdicts;
using Warden.Registry;
using Warden.Storage;
using Warden.Storage.Sqlite;

namespace Warden.Cli.Verdict;

/// <summary>
/// The CLI side of <c>warden verdict --record</c>: the model name, which store the verdict reads
/// registry facts from, where the reports go, and the line saying what was recorded; the
/// recording itself is <see cref="VerdictRecorder"/> (Control).
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
    public static async ValueTask<IWardenStore?> OpenStoreAsync(ParseResult parse, CliEnvironment env, StoreOptions options, bool record, CancellationToken cancellationToken)
    {
        var explicitDir = parse.GetValue(options.DataDir);
        var dir = DataDirectory.Resolve(explicitDir);
        if (!record && explicitDir is null && !File.Exists(Path.Combine(dir, DataDirectory.DatabaseFileName)))
        {
            return null;
        }

        return await options.OpenAsync(parse, env, cancellationToken);
    }

    /// <summary>
    /// Where <c>--record</c> without <c>--out</c> writes the reports: under the data directory, one
    /// folder per deployment and report (first 12 hex digits of the recorded sha256), so a
    /// re-judged deployment keeps every report its recorded verdicts point to, and nothing lands
    /// in whatever folder the command happened to run in.
    /// </summary>
    public static string ReportFolder(string dataDirectory, string deploymentId, string reportJson) =>
        Path.Combine(dataDirectory, "reports", deploymentId, VerdictRecorder.ReportSha256(reportJson)[..12]);

    /// <summary>Records the verdict (<see cref="VerdictRecorder"/>) and prints one line saying so.</summary>
    public static async Task RecordAsync(IWardenStore store, string actor, string model, VerdictDecision decision, VerdictEvidence evidence, string reportJson, TextWriter output, CancellationToken cancellationToken)
    {
        var (record, sequence) = await VerdictRecorder.RecordAsync(store, actor, model, decision, evidence, reportJson, cancellationToken);
        output.WriteLine($"  recorded: {record.Outcome} for {model} {record.CandidateVersion} (deployment {record.DeploymentId}, report sha256 {record.ReportSha256[..12]}, {Warden.Audit.AuditIds.Format(sequence)}) in {store.Location}");
    }
}

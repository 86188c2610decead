using System.CommandLine;
using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Core.Reports;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Cli.Verdict;

/// <summary>
/// <c>warden verdict show MODEL DEPLOYMENT [--report md|json] [--json]</c>: a deployment's latest
/// recorded verdict and its report files under the data directory, the JSON report checked against
/// the sha256 recorded with the verdict; <c>--report</c> prints a report file itself.
/// </summary>
internal static class VerdictShowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("model") { Description = "Model name in the registry." };
        var deployment = new Argument<string>("deployment") { Description = "Deployment id of the recorded verdict (see 'warden verdict list MODEL')." };
        var report = new Option<string?>("--report") { Description = "Print the recorded report itself: md (deployment_verdict.md) or json (deployment_verdict.json); exit 6 when the JSON report is missing or no longer has the recorded sha256." };
        report.AcceptOnlyFromAmong("md", "json");
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "show",
            "Show a deployment's latest recorded verdict: outcome, versions, evidence ids, when and by whom, and its report files under DATA_DIR/reports/ with the JSON report checked against the recorded sha256 (verified, differs, missing).")
        {
            model, deployment, report, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(model)!;
            var id = parse.GetValue(deployment)!;
            RegistryNames.CheckName(name, "model");
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var records = await opened.ReadAsync((tx, ct) => tx.Verdicts.ForModelAsync(name, ct), cancellationToken);
            var record = records.LastOrDefault(r => r.DeploymentId == id)
                ?? throw new UserInputException(
                    $"no verdict recorded for deployment '{id}' of {name}" + (records.Count == 0 ? "" : $" (recorded: {string.Join(", ", records.Select(r => r.DeploymentId).Distinct())})") + $"; see 'warden verdict list {name}'.",
                    notFound: true);

            var folder = Folder(DataDirectory.Resolve(parse.GetValue(store.DataDir)), record);
            var (status, text) = Check(folder, record);
            if (parse.GetValue(report) is { } which)
            {
                if (status != "verified")
                {
                    env.Error.WriteLine($"error: {Path.Combine(folder, VerdictCommand.JsonFile)}: {status} (recorded sha256 {record.ReportSha256}); the report of deployment {id} cannot be vouched for.");
                    return ExitCodes.VerificationFailed;
                }

                env.Out.Write(which == "json" ? text : File.ReadAllText(Path.Combine(folder, VerdictCommand.MarkdownFile)));
                return ExitCodes.Success;
            }

            if (parse.GetValue(json))
            {
                // The recorded deployment_verdict.json itself, only when it still hashes to the recorded
                // sha256: the six reviewers' votes and every check's status, observed value with CI95,
                // target and evidence, as the verdict was recorded; null when it cannot be vouched for.
                JsonOutput.Write(env.Out, new
                {
                    Verdict = RecordJson.Of(record),
                    Report = new { Folder = folder, Markdown = VerdictCommand.MarkdownFile, Json = VerdictCommand.JsonFile, Status = status },
                    DeploymentVerdict = status == "verified" ? System.Text.Json.Nodes.JsonNode.Parse(text) : null,
                });
                return ExitCodes.Success;
            }

            env.Out.WriteLine(TerminalText.Visible($"deployment {record.DeploymentId} of {record.Model}: {record.Outcome} for {record.CandidateVersion} against {record.BaselineVersion}, recorded {CliText.Time(record.RecordedAt)} by {record.Actor}"));
            env.Out.WriteLine($"  report sha256: {record.ReportSha256}");
            env.Out.WriteLine(TerminalText.Visible($"  evidence: {(record.EvidenceIds.Count == 0 ? "-" : string.Join(", ", record.EvidenceIds))}"));
            env.Out.WriteLine($"  reports: {folder}/{{{VerdictCommand.MarkdownFile}, {VerdictCommand.JsonFile}}} (JSON report {status})");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Where a recorded verdict's report files are: DATA_DIR/reports/DEPLOYMENT/SHA12 for a verdict
    /// recorded by <c>warden verdict --record</c>, DEPLOYMENT/live-SHA12 for a rollout's live shadow
    /// verdict (the controller writes it there); the first that exists, else the offline one.
    /// </summary>
    internal static string Folder(string dataDirectory, VerdictRecord record)
    {
        var deployment = Path.Combine(dataDirectory, "reports", record.DeploymentId);
        var offline = Path.Combine(deployment, record.ReportSha256[..12]);
        var live = Path.Combine(deployment, VerdictRecorder.LiveReportPrefix + record.ReportSha256[..12]);
        return !Directory.Exists(offline) && Directory.Exists(live) ? live : offline;
    }

    /// <summary>verified: the JSON report hashes to the recorded sha256 (and its text); differs; missing.</summary>
    internal static (string Status, string Text) Check(string folder, VerdictRecord record)
    {
        var path = Path.Combine(folder, VerdictCommand.JsonFile);
        if (!File.Exists(path))
        {
            return ("missing", "");
        }

        var text = File.ReadAllText(path);
        return (VerdictRecorder.ReportSha256(text) == record.ReportSha256 ? "verified" : "differs", text);
    }

    internal sealed record RecordJson(string DeploymentId, string Model, string CandidateVersion, string BaselineVersion, string Outcome, string ReportSha256, IReadOnlyList<string> EvidenceIds, string RecordedAt, string Actor)
    {
        public static RecordJson Of(VerdictRecord r) =>
            new(r.DeploymentId, r.Model, r.CandidateVersion, r.BaselineVersion, r.Outcome, r.ReportSha256, r.EvidenceIds, CliText.Time(r.RecordedAt), r.Actor);
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Cli.Verdict;
using Warden.Core.Cycle;
using Warden.Core.Reports;
using Warden.Cycle;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Cli.Rollback;

/// <summary>
/// <c>warden rollback officer [--service S] [--json]</c>: the Rollback Officer's latest word from both
/// places it speaks, each with its time and source, and which is newer: the latest heartbeat cycle's
/// rollback review (checkpoint verifications and drills, ROLLBACK_SIMULATION findings) and the latest
/// recorded deployment verdict's Rollback Officer vote with its checks (from deployment_verdict.json,
/// only when it still has its recorded sha256). A command of its own, not folded into <c>drill list</c>:
/// it reads cycles and verdicts, not drill runs, and a dashboard asks for it once, not per page of runs.
/// </summary>
internal static class RollbackOfficerCommand
{
    // Cycles searched back for one that reviewed rollback readiness (every finished cycle does).
    private const int CyclesSearched = 50;

    private const string Reviewer = "rollback_officer";

    public static Command Create(CliEnvironment env)
    {
        var service = new Option<string?>("--service") { Description = "Only this service: the cycle's findings about it and the latest verdict of the model of that name." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "officer",
            "Show the Rollback Officer's latest verdict: the latest heartbeat cycle's rollback review (findings with status and detail) and the latest recorded deployment verdict's Rollback Officer vote with its checks (status, observed with CI95, target, evidence), each with its time and source, and which is newer. Exit 0; 2 for bad input.")
        {
            service, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(service);
            if (name is not null && !RegistryNames.IsValidName(name))
            {
                throw new UserInputException($"--service '{name}' is not a service name: use letters, digits and . _ - (first a letter or digit, at most 128), e.g. ranker.");
            }

            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var (cycles, verdicts) = await opened.ReadAsync(
                async (tx, ct) =>
                {
                    var models = name is not null ? [name] : (await tx.Registry.AllAsync(ct).ConfigureAwait(false)).Select(v => v.Model).Distinct(StringComparer.Ordinal).ToList();
                    var records = new List<VerdictRecord>();
                    foreach (var model in models)
                    {
                        records.AddRange(await tx.Verdicts.ForModelAsync(model, ct).ConfigureAwait(false));
                    }

                    return (await CycleRecords.ListAsync(tx, CyclesSearched, ct).ConfigureAwait(false), records);
                },
                cancellationToken);

            var cycle = LatestCycle(cycles, name);
            var latestVerdict = verdicts.OrderBy(v => v.RecordedAt).ThenBy(v => v.Id).LastOrDefault();
            var verdict = latestVerdict is null ? null : VerdictVote(latestVerdict, DataDirectory.Resolve(parse.GetValue(store.DataDir)));
            var latest = (cycle, verdict) switch
            {
                (null, null) => null,
                (not null, null) => "cycle",
                (null, not null) => "verdict",
                _ => cycle.Time >= verdict.Time ? "cycle" : "verdict",
            };
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new { Service = name, Latest = latest, Cycle = cycle, Verdict = verdict });
                return ExitCodes.Success;
            }

            if (cycle is null && verdict is null)
            {
                env.Out.WriteLine("the Rollback Officer has not spoken on this store yet: no finished heartbeat cycle and no recorded verdict" + (name is null ? "." : $" of {name}."));
                return ExitCodes.Success;
            }

            if (cycle is not null)
            {
                env.Out.WriteLine($"{(latest == "cycle" ? "latest: " : string.Empty)}heartbeat cycle {cycle.CycleId} at {CliText.Time(cycle.Time)}: {CyclePhases.Rollback} {cycle.PhaseStatus}, worst finding {cycle.WorstStatus ?? "-"}");
                foreach (var f in cycle.Findings)
                {
                    env.Out.WriteLine(TerminalText.Visible($"  {f.Status,-12} {f.Service} {f.Version ?? "-"} {f.Check}: {f.Detail}"));
                }
            }

            if (verdict is not null)
            {
                env.Out.WriteLine(TerminalText.Visible($"{(latest == "verdict" ? "latest: " : string.Empty)}deployment verdict {verdict.DeploymentId} of {verdict.Model} ({verdict.CandidateVersion}) at {CliText.Time(verdict.Time)}: {verdict.Outcome}; Rollback Officer {verdict.Vote ?? $"vote unreadable (report {verdict.ReportStatus})"}"));
                foreach (var check in verdict.Checks)
                {
                    env.Out.WriteLine(TerminalText.Visible($"  {check?["status"]?.GetValue<string>(),-12} {check?["id"]?.GetValue<string>()}: {check?["reason"]?.GetValue<string>()}"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // The newest finished cycle with a rollback review, its findings about the service when one is named.
    private static CycleJson? LatestCycle(IReadOnlyList<CycleSummary> cycles, string? service)
    {
        for (var i = cycles.Count - 1; i >= 0; i--)
        {
            if (cycles[i].Record is { } record && record.Phases.FirstOrDefault(p => p.Phase == CyclePhases.Rollback) is { } phase)
            {
                var findings = phase.Findings.Where(f => service is null || f.Service == service).ToList();
                return new CycleJson(
                    "heartbeat cycle",
                    record.Id,
                    phase.EndedAt.ToUniversalTime(),
                    CycleReport.Label(phase.Status),
                    findings.Any(f => f.Status == "FAIL") ? "FAIL" : findings.Any(f => f.Status == "INCONCLUSIVE") ? "INCONCLUSIVE" : findings.Count > 0 ? "PASS" : null,
                    phase.Summary,
                    findings,
                    phase.Problems);
            }
        }

        return null;
    }

    // The verdict's Rollback Officer vote and checks, read from its report only when the report is vouched for.
    private static VerdictJson VerdictVote(VerdictRecord record, string dataDirectory)
    {
        var (status, text) = VerdictShowCommand.Check(VerdictShowCommand.Folder(dataDirectory, record), record);
        var document = status == "verified" ? JsonNode.Parse(text) : null;
        var vote = document?["votes"]?.AsArray().FirstOrDefault(v => v?["reviewer"]?.GetValue<string>() == Reviewer);
        var checks = document?["checks"]?.AsArray().Where(c => c?["reviewer"]?.GetValue<string>() == Reviewer).Select(c => c!.DeepClone()).ToList() ?? [];
        return new VerdictJson(
            "deployment verdict",
            record.Model,
            record.DeploymentId,
            record.CandidateVersion,
            record.BaselineVersion,
            record.Outcome,
            record.RecordedAt.ToUniversalTime(),
            status,
            vote?["vote"]?.GetValue<string>(),
            vote?["decisive_check"]?.GetValue<string>(),
            checks);
    }

    /// <summary>The latest cycle's rollback review.</summary>
    internal sealed record CycleJson(
        string Source, string CycleId, DateTimeOffset Time, string PhaseStatus, string? WorstStatus, string Summary, IReadOnlyList<CycleFinding> Findings, IReadOnlyList<string> Problems);

    /// <summary>The latest recorded verdict's Rollback Officer vote; vote and checks are null/empty when its report is not verified (report_status says why).</summary>
    internal sealed record VerdictJson(
        string Source, string Model, string DeploymentId, string CandidateVersion, string BaselineVersion, string Outcome, DateTimeOffset Time, string ReportStatus, string? Vote, string? DecisiveCheck, IReadOnlyList<JsonNode?> Checks);
}

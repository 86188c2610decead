using Warden.Audit;
using Warden.Storage;

namespace Warden.Registry;

/// <summary>The promotion gate: which recorded GO verdict a move of production rests on, and whether the log vouches for it.</summary>
internal sealed partial class ModelRegistry
{
    private static async ValueTask<VerdictRecord> RequireGoAsync(IStoreTransaction tx, AliasRequest request, string? production, CancellationToken cancellationToken)
    {
        var recorded = await tx.Verdicts.ForCandidateAsync(request.Model, request.Version, cancellationToken).ConfigureAwait(false);
        await RequireAttestedAsync(tx, request, production, recorded, cancellationToken).ConfigureAwait(false);

        // Per deployment the latest recorded verdict counts: a GO later re-judged REJECT no longer promotes.
        var latest = recorded
            .GroupBy(r => r.DeploymentId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        var fix = $"Record one with 'warden verdict --evidence BUNDLE --record' (model {request.Model}, candidate {request.Version}), " +
            "or move it anyway with --override --reason \"...\" (recorded as an override).";
        if (request.DeploymentId is { } wanted)
        {
            var chosen = latest.FirstOrDefault(r => r.DeploymentId == wanted);
            if (chosen is null)
            {
                var others = latest.Count == 0 ? "none" : string.Join(", ", latest.Select(r => $"{r.DeploymentId} ({r.Outcome})"));
                throw new RegistryRefusal($"cannot promote {request.Model} {request.Version}: no verdict recorded for deployment '{wanted}' (recorded for this version: {others}). {fix}");
            }

            if (!chosen.IsGo)
            {
                throw new RegistryRefusal($"cannot promote {request.Model} {request.Version}: the latest verdict of deployment '{wanted}' is {chosen.Outcome}, not GO. {fix}");
            }

            return chosen.BaselineVersion == production ? chosen : throw BaselineMismatch(request, production, [chosen]);
        }

        var go = latest.Where(r => r.IsGo).ToList();
        if (go.Count == 0)
        {
            var seen = latest.Count == 0 ? "no verdict is recorded for it" : $"its recorded verdicts are {string.Join(", ", latest.Select(r => $"{r.DeploymentId}: {r.Outcome}"))}";
            throw new RegistryRefusal($"cannot promote {request.Model} {request.Version} to production: {seen}; a GO verdict is needed. {fix}");
        }

        // A GO judged against a version that is no longer (or not yet) production says nothing about replacing the one there now.
        var current = go.Where(r => r.BaselineVersion == production).ToList();
        if (current.Count == 0)
        {
            throw BaselineMismatch(request, production, go);
        }

        if (current.Count > 1)
        {
            throw new RegistryRefusal(
                $"{request.Model} {request.Version} has GO verdicts against {production} from {current.Count} deployments ({string.Join(", ", current.Select(r => r.DeploymentId))}); " +
                "say which one the promotion rests on with --deployment ID.");
        }

        return current[0];
    }

    private static RegistryRefusal BaselineMismatch(AliasRequest request, string? production, IReadOnlyList<VerdictRecord> go)
    {
        var judged = string.Join(", ", go.Select(r => $"the GO verdict of {r.DeploymentId} judged {r.CandidateVersion} against {r.BaselineVersion}"));
        var now = production is null ? "production holds no version yet" : $"production holds {production} now";
        var fix = production is null
            ? $"Set the first production with 'warden registry alias {request.Model} production VERSION --override --reason \"...\"', then promote {request.Version} on a verdict judged against it."
            : $"Judge {request.Version} against {production} and record that verdict ('warden verdict --evidence BUNDLE --record' with baseline {production}), or move it anyway with --override --reason \"...\".";
        return new RegistryRefusal($"cannot promote {request.Model} {request.Version} to production: {judged}, but {now}; a verdict counts only against the version it replaces. {fix}");
    }

    // Every verdict row of the candidate and the production alias row must be vouched for by the
    // audit log before the gate reads them: a row inserted or edited by hand would otherwise promote.
    private static async ValueTask RequireAttestedAsync(IStoreTransaction tx, AliasRequest request, string? production, IReadOnlyList<VerdictRecord> recorded, CancellationToken cancellationToken)
    {
        var fix = "Nothing was moved. Run 'warden audit verify' to see every row the log does not vouch for, and restore the database from a backup.";
        foreach (var verdict in recorded)
        {
            var row = AttestedTables.Verdict(verdict.Id);
            if (await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, row, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                throw new RegistryRefusal(
                    $"cannot promote {request.Model} {request.Version}: the recorded verdict {row} (deployment {verdict.DeploymentId}, {verdict.Outcome}) is not vouched for by the audit log: {problem}. {fix}");
            }
        }

        // A verdict row deleted by hand (a later REJECT, say) would let an earlier GO count again.
        var attested = (await tx.Audit.ListAsync(new AuditQuery { Subject = Subjects.Version(request.Model, request.Version), Action = AuditActions.VerdictRecorded, Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false))
            .SelectMany(e => StateAttestations.Parse(e.Payload).Select(a => (Event: e, a.Row)))
            .Where(a => a.Row.Table == AttestedTables.Verdicts);
        var present = recorded.Select(r => AttestedTables.Verdict(r.Id)).ToHashSet();
        foreach (var (e, row) in attested)
        {
            if (!present.Contains(row))
            {
                throw new RegistryRefusal(
                    $"cannot promote {request.Model} {request.Version}: {e.Id} recorded a verdict ({row}) that is gone from verdict_records (deleted by hand). {fix}");
            }
        }

        if (production is not null && await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Alias(request.Model, RegistryNames.Production), cancellationToken).ConfigureAwait(false) is { } aliasProblem)
        {
            throw new RegistryRefusal(
                $"cannot promote {request.Model} {request.Version}: the production alias row ({request.Model}/production → {production}) is not vouched for by the audit log: {aliasProblem}. {fix}");
        }
    }
}

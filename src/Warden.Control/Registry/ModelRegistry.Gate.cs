using System.Globalization;
using Warden.Audit;
using Warden.Storage;

namespace Warden.Registry;

/// <summary>
/// The promotion gate: which recorded GO verdict a move of production rests on, and whether the log
/// vouches for it. The registry and the gateway's route API both ask it. Its refusals state facts
/// only; the CLI and the admin API word the fix (<see cref="RegistryRefusal.Code"/>).
/// </summary>
internal sealed partial class ModelRegistry
{
    /// <summary>
    /// The GO verdict the promotion rests on: per deployment the latest verdict counts, it must be
    /// judged against the version in production now and recorded no longer ago than
    /// <see cref="PromotionRequest.VerdictMaxAge"/> before <see cref="IStoreTransaction.Now"/>
    /// (exactly that long still counts). Otherwise a <see cref="RegistryRefusal"/> naming both facts.
    /// </summary>
    internal static async ValueTask<VerdictRecord> RequireGoAsync(IStoreTransaction tx, PromotionRequest request, CancellationToken cancellationToken)
    {
        var recorded = await tx.Verdicts.ForCandidateAsync(request.Model, request.Version, cancellationToken).ConfigureAwait(false);
        await RequireAttestedAsync(tx, request, recorded, cancellationToken).ConfigureAwait(false);

        // Per deployment the latest recorded verdict counts: a GO later re-judged REJECT no longer promotes.
        var latest = recorded
            .GroupBy(r => r.DeploymentId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        var production = request.Production;
        if (request.DeploymentId is { } wanted)
        {
            var chosen = latest.FirstOrDefault(r => r.DeploymentId == wanted);
            if (chosen is null)
            {
                var others = latest.Count == 0 ? "none" : string.Join(", ", latest.Select(r => $"{r.DeploymentId} ({r.Outcome})"));
                throw Refusal(RefusalCodes.NoVerdictForDeployment, request, null, $"cannot promote {request.Model} {request.Version}: no verdict recorded for deployment '{wanted}' (recorded for this version: {others}).");
            }

            if (!chosen.IsGo)
            {
                throw Refusal(RefusalCodes.VerdictNotGo, request, chosen, $"cannot promote {request.Model} {request.Version}: the latest verdict of deployment '{wanted}' is {chosen.Outcome}, not GO.");
            }

            if (chosen.BaselineVersion != production)
            {
                throw BaselineMismatch(request, [chosen]);
            }

            return Fresh(tx, request, chosen) ? chosen : throw TooOld(tx, request, chosen);
        }

        var go = latest.Where(r => r.IsGo).ToList();
        if (go.Count == 0)
        {
            var seen = latest.Count == 0 ? "no verdict is recorded for it" : $"its recorded verdicts are {string.Join(", ", latest.Select(r => $"{r.DeploymentId}: {r.Outcome}"))}";
            throw Refusal(RefusalCodes.NoGoVerdict, request, null, $"cannot promote {request.Model} {request.Version} to production: {seen}; a GO verdict is needed.");
        }

        // A GO judged against a version that is no longer (or not yet) production says nothing about replacing the one there now.
        var current = go.Where(r => r.BaselineVersion == production).ToList();
        if (current.Count == 0)
        {
            throw BaselineMismatch(request, go);
        }

        // A GO recorded long ago judged traffic and a production that may have moved on since.
        var fresh = current.Where(r => Fresh(tx, request, r)).ToList();
        if (fresh.Count == 0)
        {
            throw TooOld(tx, request, current.MaxBy(r => r.RecordedAt)!);
        }

        if (fresh.Count > 1)
        {
            throw Refusal(
                RefusalCodes.AmbiguousVerdict,
                request,
                null,
                $"{request.Model} {request.Version} has GO verdicts against {production} from {fresh.Count} deployments ({string.Join(", ", fresh.Select(r => r.DeploymentId))}).");
        }

        return fresh[0];
    }

    /// <summary>
    /// The verdict a rollout starts on, whatever its outcome: per deployment the latest recorded
    /// verdict, judged against the version in production now and fresh (as for a promotion); the
    /// named deployment's, else the most recently recorded one. Every verdict row of the candidate
    /// must be vouched for by the audit log. Otherwise a <see cref="RegistryRefusal"/> naming the facts.
    /// </summary>
    internal static async ValueTask<VerdictRecord> LatestVerdictAsync(IStoreTransaction tx, PromotionRequest request, CancellationToken cancellationToken)
    {
        var recorded = await tx.Verdicts.ForCandidateAsync(request.Model, request.Version, cancellationToken).ConfigureAwait(false);
        await RequireAttestedAsync(tx, request, recorded, cancellationToken).ConfigureAwait(false);
        var latest = recorded
            .GroupBy(r => r.DeploymentId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .Where(r => request.DeploymentId is null || r.DeploymentId == request.DeploymentId)
            .ToList();
        if (latest.Count == 0)
        {
            var seen = recorded.Count == 0 ? "no verdict is recorded for it" : $"no verdict is recorded for deployment '{request.DeploymentId}'";
            throw Refusal(request.DeploymentId is null ? RefusalCodes.NoGoVerdict : RefusalCodes.NoVerdictForDeployment, request, null,
                $"cannot start a rollout of {request.Model} {request.Version}: {seen}; record one with 'warden verdict --evidence evidence.yaml --record --model {request.Model}'.");
        }

        var current = latest.Where(r => r.BaselineVersion == request.Production).ToList();
        if (current.Count == 0)
        {
            var judged = string.Join(", ", latest.Select(r => $"{r.DeploymentId} judged it against {r.BaselineVersion}"));
            throw Refusal(RefusalCodes.BaselineMismatch, request, latest[^1],
                $"cannot start a rollout of {request.Model} {request.Version}: {judged}, but production holds {request.Production} now; a verdict counts only against the version it replaces.");
        }

        var fresh = current.Where(r => Fresh(tx, request, r)).ToList();
        return fresh.Count > 0 ? fresh.MaxBy(r => r.Id)! : throw TooOld(tx, request, current.MaxBy(r => r.RecordedAt)!);
    }

    private static bool Fresh(IStoreTransaction tx, PromotionRequest request, VerdictRecord verdict) =>
        tx.Now - verdict.RecordedAt <= request.VerdictMaxAge;

    private static RegistryRefusal TooOld(IStoreTransaction tx, PromotionRequest request, VerdictRecord verdict)
    {
        var days = request.VerdictMaxAge.TotalDays.ToString("0.######", CultureInfo.InvariantCulture);
        var age = tx.Now - verdict.RecordedAt;
        var ago = string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} d {age:hh\\:mm\\:ss}");
        return Refusal(
            RefusalCodes.VerdictTooOld,
            request,
            verdict,
            $"cannot promote {request.Model} {request.Version} to production: the GO verdict of {verdict.DeploymentId} (judged against {verdict.BaselineVersion}) " +
            $"was recorded at {Rfc3339(verdict.RecordedAt)}, {ago} before now ({Rfc3339(tx.Now)}); policy.verdict_max_age_days allows at most {days} day(s).",
            (RefusalFields.Now, Rfc3339(tx.Now)),
            (RefusalFields.MaxAgeDays, days));
    }

    private static RegistryRefusal BaselineMismatch(PromotionRequest request, IReadOnlyList<VerdictRecord> go)
    {
        var judged = string.Join(", ", go.Select(r => $"the GO verdict of {r.DeploymentId} judged {r.CandidateVersion} against {r.BaselineVersion}"));
        var now = request.Production is null ? "production holds no version yet" : $"production holds {request.Production} now";
        return Refusal(
            RefusalCodes.BaselineMismatch,
            request,
            go[^1],
            $"cannot promote {request.Model} {request.Version} to production: {judged}, but {now}; a verdict counts only against the version it replaces.");
    }

    // Every verdict row of the candidate and the production alias row must be vouched for by the
    // audit log before the gate reads them: a row inserted or edited by hand would otherwise promote.
    private static async ValueTask RequireAttestedAsync(IStoreTransaction tx, PromotionRequest request, IReadOnlyList<VerdictRecord> recorded, CancellationToken cancellationToken)
    {
        var fix = "Nothing was moved. Run 'warden audit verify' to see every row the log does not vouch for, and restore the database from a backup.";
        foreach (var verdict in recorded)
        {
            var row = AttestedTables.Verdict(verdict.Id);
            if (await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, row, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                throw Refusal(
                    RefusalCodes.NotAttested,
                    request,
                    verdict,
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
                throw Refusal(
                    RefusalCodes.NotAttested,
                    request,
                    null,
                    $"cannot promote {request.Model} {request.Version}: {e.Id} recorded a verdict ({row}) that is gone from verdict_records (deleted by hand). {fix}");
            }
        }

        if (request.ProductionFromAlias && request.Production is { } production
            && await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Alias(request.Model, RegistryNames.Production), cancellationToken).ConfigureAwait(false) is { } aliasProblem)
        {
            throw Refusal(
                RefusalCodes.NotAttested,
                request,
                null,
                $"cannot promote {request.Model} {request.Version}: the production alias row ({request.Model}/production → {production}) is not vouched for by the audit log: {aliasProblem}. {fix}");
        }
    }

    private static RegistryRefusal Refusal(string code, PromotionRequest request, VerdictRecord? verdict, string message, params (string Name, string Value)[] extra)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [RefusalFields.Model] = request.Model,
            [RefusalFields.Version] = request.Version,
            [RefusalFields.Production] = request.Production,
            [RefusalFields.Deployment] = verdict?.DeploymentId ?? request.DeploymentId,
        };
        if (verdict is not null)
        {
            fields[RefusalFields.Verdict] = verdict.Id.ToString(CultureInfo.InvariantCulture);
            fields[RefusalFields.Baseline] = verdict.BaselineVersion;
            fields[RefusalFields.RecordedAt] = Rfc3339(verdict.RecordedAt);
        }

        foreach (var (name, value) in extra)
        {
            fields[name] = value;
        }

        return new RegistryRefusal(code, message, fields);
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

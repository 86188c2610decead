using Warden.Audit;
using Warden.Storage;

namespace Warden.Registry;

internal sealed partial class ModelRegistry
{
    /// <summary>
    /// Points an alias at a version. Moving production is a promotion: it needs a recorded GO
    /// verdict for the version (per deployment, the latest verdict counts) or an override with a
    /// reason; the version production leaves becomes <c>previous</c> in the same transaction.
    /// </summary>
    public AliasResult MoveAlias(AliasRequest request)
    {
        RegistryNames.CheckAlias(request.Alias);
        var production = request.Alias == RegistryNames.Production;
        if (request.Override && !production)
        {
            throw new RegistryRefusal($"--override applies to the production alias only; '{request.Alias}' moves without a verdict. Drop --override.");
        }

        if (request.Override && string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new RegistryRefusal("--override needs --reason \"...\": the audit log records why production moved without a GO verdict.");
        }

        if (request.DeploymentId is not null && !production)
        {
            throw new RegistryRefusal($"--deployment applies to the production alias only; '{request.Alias}' does not rest on a verdict.");
        }

        return store.Write(tx =>
        {
            var target = Require(tx, request.Model, request.Version);
            var aliases = tx.Registry.Aliases(request.Model);
            var from = aliases.GetValueOrDefault(request.Alias);
            if (from == request.Version)
            {
                return new AliasResult([], null);
            }

            VerdictRecord? verdict = null;
            if (production)
            {
                if (target.Tampered is { } mark)
                {
                    throw new RegistryRefusal(
                        $"{request.Model} {request.Version} is marked tampered ({mark.Reason}, found {mark.At:yyyy-MM-ddTHH:mm:ssZ}); it cannot become production, " +
                        "not even with --override. Register the intended bytes as a new version.");
                }

                verdict = request.Override ? null : RequireGo(tx, request);
            }

            var kind = !production ? AliasMoveKinds.Move : request.Override ? AliasMoveKinds.Override : AliasMoveKinds.Promote;
            var action = !production ? AuditActions.AliasMove : request.Override ? AuditActions.Override : AuditActions.Promote;
            var moves = new List<AliasMove>
            {
                Move(tx, request, request.Alias, from, request.Version, kind, action, verdict),
            };
            if (production && from is not null && aliases.GetValueOrDefault(RegistryNames.Previous) != from)
            {
                moves.Add(Move(tx, request, RegistryNames.Previous, aliases.GetValueOrDefault(RegistryNames.Previous), from, AliasMoveKinds.Previous, AuditActions.AliasMove, null));
            }

            return new AliasResult(moves, verdict);
        });
    }

    private static AliasMove Move(IStoreTransaction tx, AliasRequest request, string alias, string? from, string to, string kind, string action, VerdictRecord? verdict)
    {
        var reason = kind == AliasMoveKinds.Previous ? $"production moved from {to} to {request.Version}" : request.Reason;

        var recorded = tx.Audit.Append(new AuditEventDraft
        {
            Actor = request.Actor,
            Action = action,
            Subject = Subjects.Alias(request.Model, alias),
            DeploymentId = verdict?.DeploymentId,
            EvidenceIds = verdict?.EvidenceIds ?? [],
            Payload = AuditPayload.Of(new
            {
                request.Model,
                Alias = alias,
                From = from,
                To = to,
                Kind = kind,
                Reason = reason,
                Verdict = verdict?.Outcome,
                ReportSha256 = verdict?.ReportSha256,
            }),
        });
        var move = new AliasMove
        {
            Model = request.Model,
            Alias = alias,
            FromVersion = from,
            ToVersion = to,
            Time = tx.Now,
            Actor = request.Actor,
            Kind = kind,
            Reason = reason,
            DeploymentId = verdict?.DeploymentId,
            AuditSequence = recorded.Sequence,
        };
        tx.Registry.MoveAlias(move);
        return move;
    }

    private static VerdictRecord RequireGo(IStoreTransaction tx, AliasRequest request)
    {
        // Per deployment the latest recorded verdict counts: a GO later re-judged REJECT no longer promotes.
        var latest = tx.Verdicts.ForCandidate(request.Model, request.Version)
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

            return chosen.IsGo
                ? chosen
                : throw new RegistryRefusal($"cannot promote {request.Model} {request.Version}: the latest verdict of deployment '{wanted}' is {chosen.Outcome}, not GO. {fix}");
        }

        var go = latest.Where(r => r.IsGo).ToList();
        if (go.Count == 0)
        {
            var seen = latest.Count == 0 ? "no verdict is recorded for it" : $"its recorded verdicts are {string.Join(", ", latest.Select(r => $"{r.DeploymentId}: {r.Outcome}"))}";
            throw new RegistryRefusal($"cannot promote {request.Model} {request.Version} to production: {seen}; a GO verdict is needed. {fix}");
        }

        if (go.Count > 1)
        {
            throw new RegistryRefusal(
                $"{request.Model} {request.Version} has GO verdicts from {go.Count} deployments ({string.Join(", ", go.Select(r => r.DeploymentId))}); " +
                "say which one the promotion rests on with --deployment ID.");
        }

        return go[0];
    }
}

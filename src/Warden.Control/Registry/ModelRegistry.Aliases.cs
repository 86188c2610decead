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
    public async Task<AliasResult> MoveAliasAsync(AliasRequest request, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckAlias(request.Alias);
        var production = request.Alias == RegistryNames.Production;
        if (request.Override && !production)
        {
            throw new RegistryRefusal(
                RefusalCodes.OverrideNotProduction,
                $"an override applies to the production alias only; '{request.Alias}' moves without a verdict.",
                Fields(request));
        }

        if (request.Override && string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new RegistryRefusal(
                RefusalCodes.OverrideNeedsReason,
                "an override needs a reason: the audit log records why production moved without a GO verdict.",
                Fields(request));
        }

        if (request.DeploymentId is not null && !production)
        {
            throw new RegistryRefusal(
                RefusalCodes.DeploymentNotProduction,
                $"a deployment applies to the production alias only; '{request.Alias}' does not rest on a verdict.",
                Fields(request));
        }

        return await store.WriteAsync((tx, ct) => MoveAliasAsync(tx, request, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The move itself, inside <paramref name="tx"/> (the caller has checked the request's shape):
    /// the promotion gate for production, the alias and <c>previous</c> rows, one audit event each.
    /// A rollout's promotion and rollback call it in the transaction that stores their transition.
    /// </summary>
    internal static async ValueTask<AliasResult> MoveAliasAsync(IStoreTransaction tx, AliasRequest request, CancellationToken cancellationToken)
    {
        var production = request.Alias == RegistryNames.Production;
        var target = await RequireAsync(tx, request.Model, request.Version, cancellationToken).ConfigureAwait(false);
        var aliases = await tx.Registry.AliasesAsync(request.Model, cancellationToken).ConfigureAwait(false);
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
                throw Tampered(request.Model, request.Version, mark);
            }

            verdict = request.Override ? null : await RequireGoAsync(tx, new PromotionRequest
            {
                Model = request.Model,
                Version = request.Version,
                Production = from,
                DeploymentId = request.DeploymentId,
                VerdictMaxAge = request.VerdictMaxAge,
                ProductionFromAlias = true,
            }, cancellationToken).ConfigureAwait(false);
        }

        var kind = !production ? AliasMoveKinds.Move : request.Override ? AliasMoveKinds.Override : AliasMoveKinds.Promote;
        var action = !production ? AuditActions.AliasMove : request.Override ? AuditActions.Override : AuditActions.Promote;
        var moves = new List<AliasMove>
        {
            await MoveAsync(tx, request, request.Alias, from, request.Version, kind, action, verdict, cancellationToken).ConfigureAwait(false),
        };
        if (production && from is not null && aliases.GetValueOrDefault(RegistryNames.Previous) != from)
        {
            moves.Add(await MoveAsync(tx, request, RegistryNames.Previous, aliases.GetValueOrDefault(RegistryNames.Previous), from, AliasMoveKinds.Previous, AuditActions.AliasMove, null, cancellationToken).ConfigureAwait(false));
        }

        return new AliasResult(moves, verdict);
    }

    /// <summary>The refusal for a tampered version asked to become production; no override lifts it.</summary>
    internal static RegistryRefusal Tampered(string model, string version, TamperMark mark) => new(
        RefusalCodes.Tampered,
        $"{model} {version} is marked tampered ({mark.Reason}, found {mark.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}); it cannot become production, " +
        "not even with an override. Register the intended bytes as a new version.",
        new Dictionary<string, string?> { [RefusalFields.Model] = model, [RefusalFields.Version] = version });

    private static Dictionary<string, string?> Fields(AliasRequest request) => new(StringComparer.Ordinal)
    {
        [RefusalFields.Model] = request.Model,
        [RefusalFields.Alias] = request.Alias,
        [RefusalFields.Version] = request.Version,
    };

    private static async ValueTask<AliasMove> MoveAsync(IStoreTransaction tx, AliasRequest request, string alias, string? from, string to, string kind, string action, VerdictRecord? verdict, CancellationToken cancellationToken)
    {
        var reason = kind == AliasMoveKinds.Previous ? $"production moved from {to} to {request.Version}" : request.Reason;

        // The rows are written first, naming the event about to be appended, so that event can attest them.
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
            AuditSequence = await tx.Audit.NextSequenceAsync(cancellationToken).ConfigureAwait(false),
        };
        var moveId = await tx.Registry.MoveAliasAsync(move, cancellationToken).ConfigureAwait(false);
        var recorded = await tx.Audit.AppendAsync(new AuditEventDraft
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
                VerdictBaseline = verdict?.BaselineVersion,
            }),
            Attests = [AttestedTables.Alias(request.Model, alias), AttestedTables.AliasMove(moveId)],
        }, cancellationToken).ConfigureAwait(false);
        return recorded.Sequence == move.AuditSequence
            ? move
            : throw new InvalidOperationException($"the alias move was recorded as {AuditIds.Format(recorded.Sequence)}, expected {AuditIds.Format(move.AuditSequence)}");
    }
}

using System.Globalization;

namespace Warden.Audit;

/// <summary>
/// The state tables whose rows audit events attest, and how a row is named in an attestation:
/// <c>MODEL@VERSION</c>, <c>MODEL/ALIAS</c>, a token's public id, or the row id of an append-only table.
/// </summary>
internal static class AttestedTables
{
    public const string Versions = "model_versions";
    public const string Aliases = "model_aliases";
    public const string AliasMoves = "alias_moves";
    public const string Verdicts = "verdict_records";
    public const string Checkpoints = "checkpoint_verifications";
    public const string ArtifactVerifications = "artifact_verifications";
    public const string Rollouts = "rollouts";
    public const string RolloutEvents = "rollout_events";
    public const string Tokens = "api_tokens";

    /// <summary>A registered version's row.</summary>
    public static StateRowRef Version(string model, string version) => new(Versions, $"{model}@{version}");

    /// <summary>An alias's current row.</summary>
    public static StateRowRef Alias(string model, string alias) => new(Aliases, $"{model}/{alias}");

    /// <summary>One alias move of the history.</summary>
    public static StateRowRef AliasMove(long id) => new(AliasMoves, Id(id));

    /// <summary>One recorded verdict.</summary>
    public static StateRowRef Verdict(long id) => new(Verdicts, Id(id));

    /// <summary>One checkpoint verification.</summary>
    public static StateRowRef Checkpoint(long id) => new(Checkpoints, Id(id));

    /// <summary>One artifact re-hash.</summary>
    public static StateRowRef ArtifactVerification(long id) => new(ArtifactVerifications, Id(id));

    /// <summary>Rollout <paramref name="id"/>.</summary>
    public static StateRowRef Rollout(long id) => new(Rollouts, Id(id));

    /// <summary>Rollout history row <paramref name="id"/>.</summary>
    public static StateRowRef RolloutEvent(long id) => new(RolloutEvents, Id(id));

    /// <summary>The API token whose public id is <paramref name="id"/>.</summary>
    public static StateRowRef Token(string id) => new(Tokens, id);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

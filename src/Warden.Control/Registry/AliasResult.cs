namespace Warden.Registry;

/// <summary>The moves one <c>registry alias</c> made (the alias, then <c>previous</c> when production moved); empty when the alias already held the version.</summary>
internal sealed record AliasResult(IReadOnlyList<AliasMove> Moves, VerdictRecord? Verdict);

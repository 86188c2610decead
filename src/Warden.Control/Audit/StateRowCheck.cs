namespace Warden.Audit;

/// <summary>The outcome of checking every state row against the audit log.</summary>
/// <param name="Rows">Rows checked.</param>
/// <param name="Problems">Rows the log does not vouch for, and attested rows that are gone; empty when all verify.</param>
internal sealed record StateRowCheck(long Rows, IReadOnlyList<StateRowProblem> Problems);

namespace Warden.Audit;

/// <summary>A state row that the audit log does not vouch for, or an attested row that is gone.</summary>
/// <param name="Row">Table and key.</param>
/// <param name="Problem">What is wrong, one sentence naming the event involved.</param>
internal sealed record StateRowProblem(StateRowRef Row, string Problem)
{
    /// <summary><c>table row: problem</c>.</summary>
    public override string ToString() => $"{Row.Table} {Row.Row}: {Problem}";
}

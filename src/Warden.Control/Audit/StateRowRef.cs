namespace Warden.Audit;

/// <summary>
/// One state row an audit event vouches for: its table and its key as users see it
/// (<c>ranker@v2</c> in <c>model_versions</c>, <c>ranker/production</c> in <c>model_aliases</c>,
/// the row id in the append-only tables).
/// </summary>
/// <param name="Table">The table, e.g. <c>verdict_records</c>.</param>
/// <param name="Row">The row's key within the table.</param>
internal sealed record StateRowRef(string Table, string Row)
{
    /// <summary><c>table row</c>, for messages.</summary>
    public override string ToString() => $"{Table} {Row}";
}

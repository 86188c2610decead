namespace Warden.Storage.Copying;

/// <summary>One of Warden's tables in a store: its name, its columns in the store's order, and how many rows it holds.</summary>
/// <param name="Name">The table, e.g. <c>audit_events</c>.</param>
/// <param name="Columns">Its columns.</param>
/// <param name="Rows">Its rows when listed.</param>
internal sealed record StoreTable(string Name, IReadOnlyList<string> Columns, long Rows);

namespace Warden.Storage.Copying;

/// <summary>How far a copy has come: the table being written and its rows written so far.</summary>
/// <param name="Table">The table.</param>
/// <param name="Rows">Rows of it written.</param>
/// <param name="Of">Rows it holds in the source.</param>
internal sealed record StoreCopyProgress(string Table, long Rows, long Of);

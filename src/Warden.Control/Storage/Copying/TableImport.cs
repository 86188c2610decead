namespace Warden.Storage.Copying;

/// <summary>What every store's import checks before it writes a row.</summary>
internal static class TableImport
{
    /// <summary>Progress is reported every this many rows of a table (and at its end).</summary>
    public const long ProgressEvery = 10_000;

    /// <summary>
    /// Refuses (<see cref="StoreCopyRefusal"/>) when a table of <paramref name="source"/> is missing
    /// here, has other columns, or already holds rows; checked inside the import's transaction, so no
    /// writer can slip a row in between the check and the copy.
    /// </summary>
    public static void Check(string location, IReadOnlyList<StoreTable> source, IReadOnlyDictionary<string, StoreTable> here)
    {
        var problems = new List<string>();
        foreach (var table in source)
        {
            if (!here.TryGetValue(table.Name, out var mine))
            {
                problems.Add($"it has no table {table.Name} (is it at an older schema?)");
            }
            else if (!mine.Columns.Order(StringComparer.Ordinal).SequenceEqual(table.Columns.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                problems.Add($"{table.Name} has the columns ({string.Join(", ", mine.Columns)}), the source's are ({string.Join(", ", table.Columns)})");
            }
            else if (mine.Rows > 0)
            {
                problems.Add($"{table.Name} holds {mine.Rows} rows");
            }
        }

        problems.AddRange(here.Keys.Except(source.Select(t => t.Name), StringComparer.Ordinal).Select(name => $"the source has no table {name} (is it at an older schema?)"));
        if (problems.Count > 0)
        {
            throw new StoreCopyRefusal(
                $"{location}: cannot copy into this store: {string.Join("; ", problems)}. A migration writes only into an empty store at the same schema; nothing was written.");
        }
    }
}

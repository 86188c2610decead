using Warden.Cli.Output;

namespace Warden.Cli.Rollout;

/// <summary>Plain-text tables of the rollout commands: columns as wide as their widest cell, the last one unpadded.</summary>
internal static class RolloutTable
{
    /// <summary>Writes <paramref name="header"/> and <paramref name="rows"/>, every cell made terminal-safe.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.Select(r => r.Select(TerminalText.Visible).ToList()).Prepend([.. header]).ToList();
        var widths = Enumerable.Range(0, header.Count).Select(i => cells.Max(r => r[i].Length)).ToList();
        foreach (var row in cells)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}

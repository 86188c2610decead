namespace Warden.Core.Tests.Reports;

/// <summary>Splits a report into its <c>###</c> sections and their tables, the way a reader scans it.</summary>
internal sealed class MarkdownDocument
{
    private readonly string[] _lines;

    public MarkdownDocument(string markdown)
    {
        Text = markdown;
        _lines = markdown.Split('\n');
    }

    public string Text { get; }

    public IReadOnlyList<string> Lines => _lines;

    public List<string> Headers => [.. _lines.Where(l => l.StartsWith('#'))];

    /// <summary>The lines between <c>### title</c> and the next header (or the closing quote line).</summary>
    public List<string> Section(string title)
    {
        var start = Array.IndexOf(_lines, "### " + title);
        Assert.True(start >= 0, $"section {title} is missing");
        var body = new List<string>();
        for (var i = start + 1; i < _lines.Length && !_lines[i].StartsWith('#') && !_lines[i].StartsWith('>'); i++)
        {
            if (_lines[i].Length > 0)
            {
                body.Add(_lines[i]);
            }
        }

        return body;
    }

    /// <summary>The first table of a section: header cells and row cells.</summary>
    public (string[] Header, List<string[]> Rows) Table(string title)
    {
        var lines = Section(title).Where(l => l.StartsWith('|')).ToList();
        Assert.True(lines.Count >= 2, $"section {title} has no table");
        Assert.Matches("^\\|(---\\|)+$", lines[1]);
        return (Cells(lines[0]), [.. lines.Skip(2).Select(Cells)]);
    }

    public string[] Row(string title, string firstCell) => Table(title).Rows.Single(r => r[0] == firstCell);

    public string ClosingLine => _lines.Last(l => l.Length > 0);

    public static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string[] Cells(string line) =>
        [.. line.Trim().Trim('|').Split(" | ").Select(c => c.Trim())];
}

using Warden.Cli.Output;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Output;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("v2", "v2")]
    [InlineData("\u001b[31mv2", "\\u001b[31mv2")]
    [InlineData("a\tb", "a\\u0009b")]
    [InlineData("a\nb", "a\\u000ab")]
    [InlineData("\u0000\u001f\u007f", "\\u0000\\u001f\\u007f")]
    [InlineData("\u009b2J", "\\u009b2J")]
    [InlineData("abc\u202edef", "abc\\u202edef")]
    [InlineData("\u2066x\u2069", "\\u2066x\\u2069")]
    [InlineData("\u2065\u202f é ✓ \\u001b", "\u2065\u202f é ✓ \\u001b")]
    public void Visible_ControlCharacters_WrittenAsEscapes(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Visible(text));

    [Theory]
    [InlineData("one\ntwo", "one\ntwo")]
    [InlineData("one\r\ntwo", "one\r\ntwo")]
    [InlineData("one\rtwo", "one\\u000dtwo")]
    [InlineData("x\u001b]0;title\u0007\n", "x\\u001b]0;title\\u0007\n")]
    public void VisibleLines_KeepsLineBreaksOnly(string text, string expected) =>
        Assert.Equal(expected, TerminalText.VisibleLines(text));

    [Fact]
    public void Stats_VersionWithEscape_TableShowsItEscaped()
    {
        using var dir = new TempDirectory();
        var file = dir.File("requests.jsonl");
        File.WriteAllText(file, """
            {"ts":"2026-11-20T10:00:00Z","version":"\u001b[31mv9","latency_ms":12.5,"status":200}
            {"ts":"2026-11-20T10:00:01Z","version":"\u001b[31mv9","latency_ms":13.5,"status":200}

            """);

        var run = CliRun.Of("stats", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("│ \\u001b[31mv9 │", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Out);
    }

    [Fact]
    public void Stats_VersionWithEscape_JsonKeepsTheValue()
    {
        using var dir = new TempDirectory();
        var file = dir.File("requests.jsonl");
        File.WriteAllText(file, """
            {"ts":"2026-11-20T10:00:00Z","version":"\u001b[31mv9","latency_ms":12.5,"status":200}

            """);

        var run = CliRun.Of("stats", file, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Out);
        using var doc = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.Equal("\u001b[31mv9", doc.RootElement.GetProperty("groups")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Eval_RunFileNameWithEscape_TableShowsItEscaped()
    {
        using var dir = new TempDirectory();
        var name = dir.File("v1\u001b[2J.run");
        File.Copy(RepoPaths.Sample("data", "v1.run"), name);

        var run = CliRun.Of("eval", "--qrels", RepoPaths.Sample("data", "qrels.txt"), "--run", name);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("v1\\u001b[2J.run", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Out);
    }

    [Fact]
    public void Run_ErrorNamingAFileWithEscape_ShowsItEscaped()
    {
        var run = CliRun.Of("stats", "no\u001b[31m.jsonl");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: no\\u001b[31m.jsonl: no such file; expected a telemetry file", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Error);
    }
}

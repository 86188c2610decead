using System.Text.Json;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Stats;

public sealed class StatsCommandTests
{
    private static readonly string Requests = RepoPaths.Sample("data", "requests.jsonl");

    [Fact]
    public void Stats_SampleJson_MatchesNumpyReference()
    {
        var run = CliRun.Of("stats", Requests, "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var groups = doc.RootElement.GetProperty("groups");
        Assert.Equal(2, groups.GetArrayLength());

        // Reference values from /usr/bin/python3 with numpy 1.24 over samples/data/requests.jsonl:
        //   a = latencies of the version; np.quantile(a, [.5, .95, .99]); errors = (status >= 500) | (ok == False)
        // v1: n 13135, errors 137, p50 24.131, p95 42.1243, p99 58.51254
        // v2: n 13284, errors 86,  p50 21.1165, p95 35.58505, p99 46.9144
        AssertGroup(groups[0], "v1", 13135, 137, 24.131, 42.1243, 58.51254);
        AssertGroup(groups[1], "v2", 13284, 86, 21.1165, 35.58505, 46.9144);

        var input = doc.RootElement.GetProperty("inputs")[0];
        Assert.StartsWith("ev:", input.GetProperty("evidence_id").GetString());
        Assert.Equal(13135 + 13284, input.GetProperty("records").GetInt64());
    }

    [Fact]
    public void Stats_ErrorsSpec_ChangesWhatCounts()
    {
        // Only 5xx: v1 has 78 responses with status >= 500 (numpy: (s >= 500).sum()).
        var run = CliRun.Of("stats", Requests, "--json", "--errors", "5xx");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(78, doc.RootElement.GetProperty("groups")[0].GetProperty("errors").GetInt64());
    }

    [Fact]
    public void Stats_ByNone_OneGroupWithAllRequests()
    {
        var run = CliRun.Of("stats", Requests, "--json", "--by", "none");
        using var doc = JsonDocument.Parse(run.Out);
        var group = Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal("all", group.GetProperty("name").GetString());
        Assert.Equal(26419, group.GetProperty("requests").GetInt64());
    }

    [Fact]
    public void Stats_Table_ShowsVersionsAndIntervals()
    {
        var run = CliRun.Of("stats", Requests);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("v1", run.Out);
        Assert.Contains("13,135", run.Out);
        Assert.Contains("42.12 [", run.Out);
        Assert.Contains("P95 ms [CI95]", run.Out);
    }

    [Fact]
    public void Stats_Csv_ReadsSameRecordsAsJsonl()
    {
        // requests.csv holds the first 2,000 requests of requests.jsonl.
        var run = CliRun.Of("stats", RepoPaths.Sample("data", "requests.csv"), "--json", "--by", "none");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(2000, doc.RootElement.GetProperty("groups")[0].GetProperty("requests").GetInt64());
        Assert.Equal("telemetry-csv", doc.RootElement.GetProperty("inputs")[0].GetProperty("format").GetString());
    }

    [Fact]
    public void Stats_MalformedStrict_ExitsTwoNamingLineAndColumn()
    {
        var run = CliRun.Of("stats", RepoPaths.Sample("malformed", "requests-bad.jsonl"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("requests-bad.jsonl:2:", run.Error);
        Assert.Contains("latency_ms", run.Error);
        Assert.Contains("--lenient", run.Error);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void Stats_MalformedLenient_CountsAndShowsEveryBadLine()
    {
        // Lines 2 (negative latency), 3 (status 700), 4 (bad ts), 5 (NaN latency), 7 (truncated) are bad.
        var run = CliRun.Of("stats", RepoPaths.Sample("malformed", "requests-bad.jsonl"), "--lenient", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("skipped 5 bad line(s)", run.Error);
        foreach (var line in new[] { ":2:", ":3:", ":4:", ":5:", ":7:" })
        {
            Assert.Contains("requests-bad.jsonl" + line, run.Error);
        }

        Assert.Contains("truncated last line", run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var input = doc.RootElement.GetProperty("inputs")[0];
        Assert.Equal(2, input.GetProperty("records").GetInt64());
        Assert.Equal(5, input.GetProperty("rejected").GetInt64());
    }

    [Theory]
    [InlineData("samples/malformed/empty.jsonl", "file is empty")]
    [InlineData("samples/no-such-file.jsonl", "no such file")]
    [InlineData("samples", "is a directory")]
    [InlineData("samples/data/qrels.txt", "cannot tell the format")]
    public void Stats_BadInputFile_ExitsTwoWithReason(string path, string reason)
    {
        var run = CliRun.Of("stats", Path.Combine(RepoPaths.Root, path));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(reason, run.Error);
    }

    [Fact]
    public void Stats_BadErrorsSpec_ExitsTwo()
    {
        var run = CliRun.Of("stats", Requests, "--errors", "5xx,teapot");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("teapot", run.Error);
    }

    private static void AssertGroup(JsonElement group, string name, long n, long errors, double p50, double p95, double p99)
    {
        Assert.Equal(name, group.GetProperty("name").GetString());
        Assert.Equal(n, group.GetProperty("requests").GetInt64());
        Assert.Equal(errors, group.GetProperty("errors").GetInt64());
        var errorRate = group.GetProperty("error_rate");
        Assert.Equal((double)errors / n, errorRate.GetProperty("value").GetDouble(), 12);
        Assert.Equal("wilson", errorRate.GetProperty("method").GetString());
        var latency = group.GetProperty("latency_ms");
        Assert.Equal("exact", latency.GetProperty("representation").GetString());
        foreach (var (key, expected) in new[] { ("p50", p50), ("p95", p95), ("p99", p99) })
        {
            var q = latency.GetProperty(key);
            Assert.Equal(expected, q.GetProperty("value").GetDouble(), 9);
            Assert.True(q.GetProperty("ci_low").GetDouble() <= expected && expected <= q.GetProperty("ci_high").GetDouble());
        }

        var rps = group.GetProperty("throughput_rps");
        Assert.InRange(rps.GetProperty("value").GetDouble(), 100, 120); // generated at 110 req/s for 120 s
    }
}

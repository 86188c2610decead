using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Telemetry;

namespace Warden.Core.Tests.Telemetry;

/// <summary>Reads inline telemetry text and collects what the reader produced.</summary>
internal static class TelemetryTestInput
{
    /// <summary>A valid JSON line whose latency and status can be swapped for bad values.</summary>
    public static string JsonLine(string latency = "23.4", string status = "200", string ts = "\"2026-11-20T10:00:00.123Z\"", string version = "\"v2\"") =>
        $"{{\"ts\":{ts},\"version\":{version},\"latency_ms\":{latency},\"status\":{status}}}";

    public static (List<RequestRecord> Records, TelemetryReadResult Result) Read(
        string text, TelemetryFormat format, ReadMode mode = ReadMode.Strict, string? source = null)
        => Read(Encoding.UTF8.GetBytes(text), format, mode, source);

    public static (List<RequestRecord> Records, TelemetryReadResult Result) Read(
        byte[] bytes, TelemetryFormat format, ReadMode mode = ReadMode.Strict, string? source = null)
    {
        var records = new List<RequestRecord>();
        source ??= format == TelemetryFormat.Csv ? "t.csv" : "t.jsonl";
        var result = TelemetryReader.Read(new MemoryStream(bytes), source, format, mode, records.Add);
        return (records, result);
    }

    /// <summary>The strict-mode message for <paramref name="text"/>, which must fail.</summary>
    public static string StrictError(string text, TelemetryFormat format) =>
        Assert.Throws<EvidenceFormatException>(() => Read(text, format)).Message;

    /// <summary>The single issue a lenient read of <paramref name="text"/> reports.</summary>
    public static ParseIssue SingleIssue(string text, TelemetryFormat format)
    {
        var (_, result) = Read(text, format, ReadMode.Lenient);
        Assert.Equal(1, result.Issues.Count);
        return Assert.Single(result.Issues.Examples);
    }
}

/// <summary>A stream that returns at most a few bytes per read, to exercise buffer boundaries.</summary>
internal sealed class TrickleStream(byte[] bytes, Random random, int maxChunk) : Stream
{
    private int _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, random.Next(1, maxChunk + 1)), bytes.Length - _position);
        Array.Copy(bytes, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => bytes.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Records progress reports synchronously (<see cref="Progress{T}"/> would post them to a thread pool).</summary>
internal sealed class ProgressLog : IProgress<long>
{
    public List<long> Reports { get; } = [];

    public void Report(long value) => Reports.Add(value);
}

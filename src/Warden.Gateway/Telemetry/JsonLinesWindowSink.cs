using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Appends each window as one line of <see cref="TelemetryWindowJson"/> to a file (by convention
/// <c>telemetry_windows.jsonl</c>). A batch is written with one call and flushed, so a crash
/// loses at most the batch in flight.
/// </summary>
internal sealed class JsonLinesWindowSink : ITelemetryWindowSink
{
    /// <summary>The conventional file name.</summary>
    public const string DefaultFileName = "telemetry_windows.jsonl";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Creates a sink appending to <paramref name="path"/> (folder created when missing).</summary>
    public JsonLinesWindowSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async ValueTask WriteAsync(IReadOnlyList<TelemetryWindow> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(windows.Count * 256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            foreach (var window in windows)
            {
                json.Reset(buffer);
                TelemetryWindowJson.Write(json, window);
                json.Flush();
                buffer.GetSpan(1)[0] = (byte)'\n';
                buffer.Advance(1);
            }
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: false);
        }
    }
}

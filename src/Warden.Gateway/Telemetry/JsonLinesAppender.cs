using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Appends records to a JSON Lines file from a background task. The request path only calls
/// <see cref="TryAppend"/>, which never blocks: the channel is bounded, and when it is full the
/// record is dropped and counted in <see cref="Dropped"/>. The file stays open; each batch (up to
/// 64 KB, or whatever the channel held) is written and flushed at once; when the host stops,
/// what is queued is still written. A failed write is logged and counted, never thrown.
/// </summary>
/// <typeparam name="T">The record type; <c>format</c> writes one as a JSON object.</typeparam>
internal sealed class JsonLinesAppender<T> : BackgroundService
{
    /// <summary>Records the channel holds before new ones are dropped.</summary>
    public const int DefaultCapacity = 65_536;

    private const int WriteThreshold = 64 * 1024;

    private readonly Channel<T> _channel;
    private readonly Action<Utf8JsonWriter, T> _format;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _buffer = new(WriteThreshold * 2);
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly SemaphoreSlim _drainGate = new(1, 1);
    private FileStream? _file;
    private long _dropped;
    private long _written;
    private long _writeFailures;

    /// <summary>Creates an appender for <paramref name="path"/> (created with its folder if missing; appended to if present).</summary>
    public JsonLinesAppender(string path, Action<Utf8JsonWriter, T> format, ILogger logger, int capacity = DefaultCapacity)
    {
        Path = path;
        _format = format;
        _logger = logger;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false });
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Records dropped because the channel was full (or the appender had stopped).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records written to the file.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records lost because the file could not be written.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Queues a record; false (and counted) when the channel is full. Never blocks, never throws.</summary>
    public bool TryAppend(T record)
    {
        if (_channel.Writer.TryWrite(record))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _json.Dispose();
        _drainGate.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The loop may never have run (a host stopped at once cancels it before it starts), so
        // the final drain happens here, after the loop has ended.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _channel.Writer.TryComplete();
        await DrainAsync(_channel.Reader).ConfigureAwait(false);
        await _drainGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_file is not null)
            {
                await _file.DisposeAsync().ConfigureAwait(false);
                _file = null;
            }
        }
        finally
        {
            _drainGate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(reader).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is still queued.
        }
    }

    private async Task DrainAsync(ChannelReader<T> reader)
    {
        await _drainGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await DrainLockedAsync(reader).ConfigureAwait(false);
        }
        finally
        {
            _drainGate.Release();
        }
    }

    private async Task DrainLockedAsync(ChannelReader<T> reader)
    {
        var pending = 0;
        while (reader.TryRead(out var record))
        {
            // Each line is formatted apart, so a record the formatter refuses costs only itself.
            _line.ResetWrittenCount();
            _json.Reset(_line);
            try
            {
                _format(_json, record);
                _json.Flush();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                Interlocked.Increment(ref _writeFailures);
                TelemetryLog.RecordUnformattable(_logger, Path, ex.Message);
                continue;
            }

            _buffer.Write(_line.WrittenSpan);
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            pending++;
            if (_buffer.WrittenCount >= WriteThreshold)
            {
                await WriteAsync(pending).ConfigureAwait(false);
                pending = 0;
            }
        }

        if (pending > 0)
        {
            await WriteAsync(pending).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(int records)
    {
        try
        {
            _file ??= Open(Path);
            await _file.WriteAsync(_buffer.WrittenMemory).ConfigureAwait(false);
            await _file.FlushAsync().ConfigureAwait(false);
            Interlocked.Add(ref _written, records);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Interlocked.Add(ref _writeFailures, records);
            TelemetryLog.AppendFailed(_logger, Path, ex.Message, records);

            // Reopened on the next batch: the folder may come back, the disk may get space.
            if (_file is not null)
            {
                await _file.DisposeAsync().ConfigureAwait(false);
                _file = null;
            }
        }
        finally
        {
            _buffer.ResetWrittenCount();
        }
    }

    private static FileStream Open(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
    }
}

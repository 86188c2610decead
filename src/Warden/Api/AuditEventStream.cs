using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Warden.Audit;
using Warden.Channels;
using Warden.Cli.Audit;
using Warden.Cli.Channel;
using Warden.Core.Reports;
using Warden.Storage;

namespace Warden.Api;

/// <summary>
/// Audit events as Server-Sent Events (System.Net.ServerSentEvents' <c>SseFormatter</c>), the one
/// machinery of every stream of <c>/api/v1</c>: <see cref="Events"/> (every event) and
/// <see cref="Channel"/> (one channel's messages). Each event's id is its audit sequence. The
/// store is read every <see cref="Poll"/> from a forward cursor (<see cref="AuditFollow"/>; the
/// request's <c>Last-Event-ID</c>, else the log's head), so a reconnecting client misses nothing
/// and every server on the store is followed; a comment line (<c>: keep-alive</c>) goes out after
/// <see cref="KeepAlive"/> without an event, so proxies keep the connection open. The stream
/// ends when the client goes or the server stops.
/// </summary>
internal sealed class AuditEventStream(IWardenStore store, TimeProvider time, CancellationToken stopping)
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    private CancellationToken Stopping { get; } = stopping;

    /// <summary>How often the store is read for new events: a rollback reaches a page well within a second.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a stream may go without writing before a keep-alive comment is sent.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Every audit event: type = its action, data = the event as <c>warden audit list --json</c> prints one.</summary>
    public IResult Events() => new StreamResult(this, new AuditQuery(), e => Item(e, AuditJson.Event(e), e.Action));

    /// <summary><paramref name="channel"/>'s messages: type = the message's kind, data = the entry as <c>warden channel tail --json</c> prints it.</summary>
    public IResult Channel(string channel) => new StreamResult(this, ChannelLog.Filter(channel), e =>
    {
        var entry = ChannelLog.Entry(e);
        return Item(e, ChannelJson.Entry(entry), entry.Message.Kind);
    });

    private static SseItem<string> Item(AuditEvent e, object data, string type) => new(JsonSerializer.Serialize(data, JsonOutput.Compact), type)
    {
        EventId = e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // The request's Last-Event-ID, else the log's head as the request arrives (read before the
    // headers go, so whatever is appended once the client sees them is streamed).
    private async Task<long> CursorAsync(long? lastEventId, CancellationToken cancellationToken) =>
        lastEventId ?? await AuditFollow.HeadAsync(store, cancellationToken).ConfigureAwait(false);

    // The formatter writes each item as it is yielded; between reads, while the formatter waits
    // for the next item, a quiet stream writes its keep-alive comment on the same body.
    private async IAsyncEnumerable<SseItem<string>> ItemsAsync(
        AuditQuery filter, Func<AuditEvent, SseItem<string>> item, long cursor, Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var quietSince = time.GetUtcNow();
        await foreach (var page in AuditFollow.PagesAsync(store, filter, cursor, Poll, time, cancellationToken).ConfigureAwait(false))
        {
            foreach (var e in page)
            {
                yield return item(e);
            }

            var now = time.GetUtcNow();
            if (page.Count > 0)
            {
                quietSince = now;
            }
            else if (now - quietSince >= KeepAlive)
            {
                await body.WriteAsync(KeepAliveComment, cancellationToken).ConfigureAwait(false);
                await body.FlushAsync(cancellationToken).ConfigureAwait(false);
                quietSince = now;
            }
        }
    }

    // Reads Last-Event-ID, then streams until the client goes or the server stops; a stop is the
    // normal end of a stream, not an error.
    private sealed class StreamResult(AuditEventStream owner, AuditQuery filter, Func<AuditEvent, SseItem<string>> item) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            long? last = long.TryParse(httpContext.Request.Headers["Last-Event-ID"].ToString(), out var id) && id >= 0 ? id : null;
            using var both = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, owner.Stopping);
            var response = httpContext.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache,no-store";
            httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                // Headers go at once, so a client knows it is subscribed before the first event.
                var cursor = await owner.CursorAsync(last, both.Token).ConfigureAwait(false);
                await response.StartAsync(both.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(both.Token).ConfigureAwait(false);
                await SseFormatter.WriteAsync(owner.ItemsAsync(filter, item, cursor, response.Body, both.Token), response.Body, both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (both.IsCancellationRequested)
            {
                // The client went away or the server is stopping.
            }
        }
    }
}

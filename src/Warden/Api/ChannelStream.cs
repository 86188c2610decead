using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Warden.Channels;
using Warden.Cli.Channel;
using Warden.Core.Reports;
using Warden.Storage;

namespace Warden.Api;

/// <summary>
/// A channel as Server-Sent Events (System.Net.ServerSentEvents' <c>SseFormatter</c>): each
/// message is an event whose id is its audit sequence, whose type is its kind and whose data is
/// the entry as <c>warden channel tail --json</c> prints it. The store is polled every
/// <see cref="Poll"/> from a forward cursor (the request's <c>Last-Event-ID</c>, else the log's
/// head), so a reconnecting client misses nothing and every server on the store is followed.
/// The stream ends when the client goes or the server stops.
/// </summary>
internal sealed class ChannelStream(IWardenStore store, TimeProvider time, CancellationToken stopping)
{
    private CancellationToken Stopping { get; } = stopping;

    /// <summary>How often the store is read for new messages.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The stream of <paramref name="channel"/> for the current request.</summary>
    public IResult Result(string channel) => new StreamResult(this, channel);

    // The request's Last-Event-ID, else the log's head as the request arrives (read before the
    // headers go, so whatever is published once the client sees them is streamed).
    private async Task<long> CursorAsync(long? lastEventId, CancellationToken cancellationToken) =>
        lastEventId ?? await ChannelLog.HeadAsync(store, cancellationToken).ConfigureAwait(false);

    private async IAsyncEnumerable<SseItem<string>> EventsAsync(string channel, long cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in ChannelLog.FollowAsync(store, channel, cursor, Poll, time, cancellationToken).ConfigureAwait(false))
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(ChannelJson.Entry(entry), JsonOutput.Compact), entry.Message.Kind)
            {
                EventId = entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    // Reads Last-Event-ID, then streams until the client goes or the server stops; a stop is the
    // normal end of a stream, not an error.
    private sealed class StreamResult(ChannelStream owner, string channel) : IResult
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
                // Headers go at once, so a client knows it is subscribed before the first message.
                var cursor = await owner.CursorAsync(last, both.Token).ConfigureAwait(false);
                await response.StartAsync(both.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(both.Token).ConfigureAwait(false);
                await SseFormatter.WriteAsync(owner.EventsAsync(channel, cursor, both.Token), response.Body, both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (both.IsCancellationRequested)
            {
                // The client went away or the server is stopping.
            }
        }
    }
}

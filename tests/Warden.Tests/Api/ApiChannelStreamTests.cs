using System.Net;
using System.Text.Json.Nodes;
using Warden.Access;
using Warden.Channels;

namespace Warden.Tests.Api;

/// <summary>GET /api/v1/channels/{name}/stream: Server-Sent Events over real HTTP.</summary>
public sealed class ApiChannelStreamTests : IAsyncLifetime
{
    private ApiRig _rig = null!;

    public async Task InitializeAsync() => _rig = await ApiRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Stream_NewMessages_ArriveAsEventsWithSequenceIdsAndOnlyThisChannels()
    {
        using var response = await _rig.SendAsync("GET", "/api/v1/channels/v1_rollback_feed/stream", Role.Viewer, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);

        var other = await PublishAsync(ChannelNames.Latency, "elsewhere");
        var first = await PublishAsync(ChannelNames.Rollback, "one");
        var second = await PublishAsync(ChannelNames.Rollback, "two");

        var events = new List<(string Id, string Type, JsonNode Data)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // One event is its field lines up to a blank line, in whatever order the formatter writes them.
        var fields = new Dictionary<string, string>();
        while (events.Count < 2)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.Length == 0)
            {
                events.Add((fields["id"], fields["event"], JsonNode.Parse(fields["data"])!));
                fields.Clear();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            fields[line[..colon]] = line[(colon + 1)..].TrimStart(' ');
        }

        Assert.Equal([first.ToString(), second.ToString()], events.Select(e => e.Id));
        Assert.Equal(["drill", "drill"], events.Select(e => e.Type));
        Assert.Equal(["one", "two"], events.Select(e => e.Data["message"]!["summary"]!.GetValue<string>()));
        Assert.True(other < first);
    }

    [Fact]
    public async Task Stream_LastEventId_ResumesAfterItWithoutLosingOne()
    {
        var first = await PublishAsync(ChannelNames.Rollback, "one");
        await PublishAsync(ChannelNames.Rollback, "two");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_rig.Base, "api/v1/channels/v1_rollback_feed/stream"));
        request.Headers.Authorization = new("Bearer", _rig.Tokens[Role.Viewer]);
        request.Headers.Add("Last-Event-ID", first.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await _rig.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            data = line.StartsWith("data: ", StringComparison.Ordinal) ? line[6..] : null;
        }

        Assert.Equal("two", JsonNode.Parse(data)!["message"]!["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_UnknownChannel_404ProblemNamingTheChannels()
    {
        using var response = await _rig.SendAsync("GET", "/api/v1/channels/v2_feed/stream", Role.Viewer);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("unknown channel 'v2_feed'; the channels are v1_baseline_feed,", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<long> PublishAsync(string channel, string summary) =>
        (await _rig.Store.WriteAsync((tx, ct) => ChannelLog.PublishAsync(tx, new ChannelMessage { Channel = channel, Kind = "drill", Publisher = "test", Summary = summary }, "test", ct))).Sequence;
}

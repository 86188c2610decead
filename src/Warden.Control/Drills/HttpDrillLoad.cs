using System.Net;
using System.Net.Http.Headers;
using Warden.Core.Drills;

namespace Warden.Drills;

/// <summary>
/// The drill's open-loop load: a fixed rate of the same request through the gateway, each with one
/// of 1,000 rotating sticky keys (so a canary of w % gets about w % of them), every request
/// remembered with when it left, its status and the version that answered (<c>X-Warden-Version</c>).
/// Open loop: a slow answer does not slow the sending, as users do not wait for each other.
/// Written here rather than taken from a load tool because the drill reads each request's version
/// and send time as it runs, which wrk and hey report only in aggregate.
/// </summary>
internal sealed class HttpDrillLoad : IDrillLoad, IDisposable
{
    private const int Keys = 1000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AllowAutoRedirect = false,
    });

    private readonly Uri _target;
    private readonly byte[] _body;
    private readonly double _rate;
    private readonly string _stickyHeader;
    private readonly TimeProvider _time;
    private readonly List<DrillSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pending = [];
    private Task? _loop;

    public HttpDrillLoad(Uri target, byte[] body, double rate, string stickyHeader, TimeProvider time)
    {
        _target = target;
        _body = body;
        _rate = rate;
        _stickyHeader = stickyHeader;
        _time = time;
    }

    /// <summary>Starts sending.</summary>
    public void Start() => _loop = Task.Run(LoopAsync);

    /// <summary>Stops sending and waits for the answers in flight.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _loop?.GetAwaiter().GetResult();
        Task[] pending;
        lock (_pending)
        {
            pending = [.. _pending];
        }

        Task.WaitAll(pending);
    }

    /// <inheritdoc />
    public IReadOnlyList<DrillSample> Between(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_samples)
        {
            return _samples.Where(s => s.Sent >= from && s.Sent < to).ToList();
        }
    }

    /// <inheritdoc />
    public void Forget(DateTimeOffset before)
    {
        lock (_samples)
        {
            _samples.RemoveAll(s => s.Sent < before);
        }

        lock (_pending)
        {
            _pending.RemoveAll(t => t.IsCompleted);
        }
    }

    // Sends every request whose time has come, then waits a millisecond on the injected clock.
    private async Task LoopAsync()
    {
        var ticksPerRequest = TimeSpan.TicksPerSecond / _rate;
        var start = _time.GetTimestamp();
        long next = 0;
        while (!_stop.IsCancellationRequested)
        {
            var elapsed = _time.GetElapsedTime(start).Ticks;
            while ((long)(next * ticksPerRequest) <= elapsed)
            {
                var task = SendAsync((int)(next % Keys));
                lock (_pending)
                {
                    _pending.Add(task);
                }

                next++;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SendAsync(int key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Version = HttpVersion.Version11 };
        request.Headers.TryAddWithoutValidation(_stickyHeader, "drill-" + key.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Content = new ByteArrayContent(_body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var sent = _time.GetUtcNow();
        var status = 0;
        string? version = null;
        using var timeout = new CancellationTokenSource(RequestTimeout, _time);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            version = response.Headers.TryGetValues("X-Warden-Version", out var values) ? values.FirstOrDefault() : null;
            await response.Content.CopyToAsync(Stream.Null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            // Refused, reset, timed out: a sample with status 0, counted as failed.
            status = 0;
        }

        lock (_samples)
        {
            _samples.Add(new DrillSample(sent, status, version));
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _client.Dispose();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Warden.Benchmarks;

/// <summary>
/// An open-loop load that runs until stopped and remembers, for every request, when it left, how
/// it ended and which version answered it (the gateway's <c>X-Warden-Version</c> header). Each
/// request carries one of 1,000 rotating <c>X-Warden-Key</c> values, so a sticky canary of w %
/// receives about w % of the requests. The recovery bench reads the samples to see, from the
/// client's side, when the last request reached the faulty version.
/// </summary>
internal sealed class TaggedLoad : IDisposable
{
    private const int Keys = 1000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AllowAutoRedirect = false,
    });

    private readonly Uri _target;
    private readonly byte[] _body;
    private readonly double _rate;
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pending = [];
    private Thread? _thread;

    public TaggedLoad(Uri target, byte[] body, double rate)
    {
        _target = target;
        _body = body;
        _rate = rate;
    }

    /// <summary>
    /// One request: when it left and when its answer was in (<see cref="Stopwatch"/> ticks), the
    /// status (0 = no answer: refused, reset or timed out), the version that answered, and whether
    /// the body is the reference model server's injected fault.
    /// </summary>
    public readonly record struct Sample(long Sent, long Done, int Status, string? Version, bool Injected)
    {
        /// <summary>Failed for a reason other than an injected fault of the model server.</summary>
        public bool FailedOtherwise => Status != (int)HttpStatusCode.OK && !Injected;
    }

    /// <summary>Starts sending on a dedicated thread.</summary>
    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "tagged-load" };
        _thread.Start();
    }

    /// <summary>Stops sending and waits for every answer.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _thread?.Join();
        Task[] pending;
        lock (_pending)
        {
            pending = [.. _pending];
        }

        Task.WaitAll(pending);
    }

    /// <summary>The samples of the requests sent in [<paramref name="from"/>, <paramref name="to"/>) whose answers are in.</summary>
    public List<Sample> Between(long from, long to)
    {
        lock (_samples)
        {
            return _samples.Where(s => s.Sent >= from && s.Sent < to).ToList();
        }
    }

    /// <summary>Forgets samples sent before <paramref name="before"/> (a long bench keeps only what it still reads).</summary>
    public void Forget(long before)
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

    private void Loop()
    {
        var ticksPerRequest = Stopwatch.Frequency / _rate;
        var start = Stopwatch.GetTimestamp();
        long next = 0;
        while (!_stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (start + (long)(next * ticksPerRequest) <= now)
            {
                var task = SendAsync((int)(next % Keys));
                lock (_pending)
                {
                    _pending.Add(task);
                }

                next++;
            }

            Thread.Sleep(1);
        }
    }

    private async Task SendAsync(int key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Version = HttpVersion.Version11 };
        request.Headers.Add("X-Warden-Key", "bench-" + key.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Content = new ByteArrayContent(_body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var sent = Stopwatch.GetTimestamp();
        var status = 0;
        string? version = null;
        var injected = false;
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            version = response.Headers.TryGetValues("X-Warden-Version", out var values) ? values.FirstOrDefault() : null;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await response.Content.CopyToAsync(Stream.Null, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                // The reference model server's injected 500s say so in their body.
                injected = (await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false)).Contains("injected fault", StringComparison.Ordinal);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Refused, reset, timed out: kept as a sample with status 0, counted as failed.
            status = 0;
        }

        var sample = new Sample(sent, Stopwatch.GetTimestamp(), status, version, injected);
        lock (_samples)
        {
            _samples.Add(sample);
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _client.Dispose();
    }
}

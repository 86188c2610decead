using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Warden.Benchmarks;

/// <summary>
/// The backends' Open Inference Protocol metadata for the <c>cycle</c> benchmark: one Kestrel in
/// this process with a listener of its own per backend on 127.0.0.1 (ports picked by the system),
/// answering <c>GET /v2/models/{name}</c> with the document samples/ModelServer answers (same
/// inputs, outputs and platform; the version the listener stands for). The cycle reaches it
/// through its real <c>HttpModelMetadataSource</c>, a connection per backend as with separate
/// servers.
/// </summary>
/// <remarks>
/// Real HTTP rather than a fake metadata source, so the fetch, the connection set-up and the
/// parsing the Integration Engineer does are all timed. Not the real samples/ModelServer
/// processes: the fleet has 30 backends, and 30 .NET processes starting and idling on the
/// reference machine's 2 cores would measure their start-up and scheduling rather than the
/// cycle, while the only endpoint the cycle calls answers a fixed document.
/// </remarks>
internal sealed class MetadataBackends : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, (string Service, string Version, byte[] Body)> _byPort = new();
    private long _requests;

    private MetadataBackends(WebApplication app)
    {
        _app = app;
        _app.Run(AnswerAsync);
    }

    /// <summary>Each backend's base address (<c>http://127.0.0.1:PORT/</c>).</summary>
    public IReadOnlyDictionary<(string Service, string Version), Uri> Addresses { get; private set; } = new Dictionary<(string, string), Uri>();

    /// <summary>Metadata requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Starts one listener per (service, version); the model name each answers to is the service's.</summary>
    public static async Task<MetadataBackends> StartAsync(IReadOnlyList<(string Service, string Version)> backends)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var _ in backends)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });
        var self = new MetadataBackends(builder.Build());
        await self._app.StartAsync();

        // Kestrel reports each listener's port once bound; which backend gets which is settled here,
        // before any address is handed out (so before any request).
        var ports = self._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a).Port).Order().ToList();
        if (ports.Count != backends.Count)
        {
            await self.DisposeAsync();
            throw new InvalidOperationException($"Kestrel bound {ports.Count} listeners for {backends.Count} backends.");
        }

        var addresses = new Dictionary<(string Service, string Version), Uri>();
        for (var i = 0; i < backends.Count; i++)
        {
            var (service, version) = backends[i];
            self._byPort[ports[i]] = (service, version, Document(service, version));
            addresses[(service, version)] = new Uri($"http://127.0.0.1:{ports[i]}/");
        }

        self.Addresses = addresses;
        return self;
    }

    // GET /v2/models/{name}: the listener's own model only, as a one-model server answers; anything else 404.
    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!_byPort.TryGetValue(context.Connection.LocalPort, out var backend) || !HttpMethods.IsGet(context.Request.Method) || path != $"/v2/models/{backend.Service}")
        {
            context.Response.StatusCode = 404;
            return;
        }

        Interlocked.Increment(ref _requests);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = backend.Body.Length;
        await context.Response.Body.WriteAsync(backend.Body, context.RequestAborted);
    }

    /// <summary>The body samples/ModelServer answers at <c>GET /v2/models/ranker</c>, for <paramref name="model"/> at <paramref name="version"/>.</summary>
    private static byte[] Document(string model, string version) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        name = model,
        versions = new[] { version },
        platform = "warden-sample-ranker",
        inputs = new object[]
        {
            new { name = "query_text", datatype = "BYTES", shape = new[] { 1 } },
            new { name = "candidate_ids", datatype = "BYTES", shape = new[] { -1 } },
        },
        outputs = new object[] { new { name = "scores", datatype = "FP32", shape = new[] { -1 } } },
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Warden.Gateway.Tests.Support;

/// <summary>A real Kestrel backend on 127.0.0.1 with a free port, answering with the handler a test gives.</summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Base address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <param name="handler">What the backend answers.</param>
    /// <param name="http2">Speak HTTP/2 only, cleartext with prior knowledge (h2c), as a gRPC server does.</param>
    public static async Task<TestBackend> StartAsync(RequestDelegate handler, bool http2 = false)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            if (http2)
            {
                k.ConfigureEndpointDefaults(listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
            }
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new TestBackend(app, new Uri(app.Urls.First() + "/"));
    }

    /// <summary>Starts a backend that echoes the request (see <see cref="Echo"/>) as <paramref name="version"/>.</summary>
    public static Task<TestBackend> EchoAsync(string version) => StartAsync(Echo(version));

    /// <summary>
    /// Answers 200 with JSON: version, method, path, query, every header (lower-cased names,
    /// values joined with ", "), body length and sha256; a health path answers 200 too.
    /// </summary>
    public static RequestDelegate Echo(string version) => async context =>
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long length = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            length += read;
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = value.ToString();
        }

        context.Response.Headers["X-Backend-Version"] = version;
        await context.Response.WriteAsJsonAsync(new EchoReply(
            version,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            headers,
            length,
            Convert.ToHexStringLower(sha.GetHashAndReset())));
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What <see cref="TestBackend.Echo"/> answers.</summary>
internal sealed record EchoReply(
    string Version,
    string Method,
    string Path,
    string Query,
    SortedDictionary<string, string> Headers,
    long BodyLength,
    string BodySha256)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static EchoReply Parse(string json) => JsonSerializer.Deserialize<EchoReply>(json, Web)!;
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Warden.Benchmarks;

/// <summary>
/// <c>bare-forwarder LISTEN_URL BACKEND_URL PREFIX</c>: the smallest forwarder the gateway's stack
/// allows — Kestrel in, one <see cref="HttpMessageInvoker"/> on <see cref="SocketsHttpHandler"/>
/// out, no routing table, health, telemetry, header rules or error answers. bench/gateway.sh
/// runs it beside nginx and <c>warden serve</c> so the CPU the stack itself costs per request is
/// measured apart from what Warden's gateway adds on top.
/// </summary>
internal static class BareForwarder
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: bare-forwarder LISTEN_URL BACKEND_URL PREFIX   e.g. http://127.0.0.1:18082 http://127.0.0.1:18091 /ranker");
            return 2;
        }

        var backend = args[1].TrimEnd('/');
        var prefix = args[2];
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.WebHost.UseUrls(args[0]);
        var app = builder.Build();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            var target = backend + (path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path) + context.Request.QueryString.Value;
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target) { Version = HttpVersion.Version11 };
            if (context.Request.ContentLength is > 0)
            {
                request.Content = new StreamContent(context.Request.Body);
                request.Content.Headers.ContentLength = context.Request.ContentLength;
                if (context.Request.ContentType is { } type)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                }
            }

            using var response = await invoker.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentLength = response.Content.Headers.ContentLength;
            if (response.Content.Headers.ContentType is { } contentType)
            {
                context.Response.ContentType = contentType.ToString();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        app.Run();
        return 0;
    }
}

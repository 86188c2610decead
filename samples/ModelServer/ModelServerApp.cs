using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warden.Samples.ModelServer.Oip;

namespace Warden.Samples.ModelServer;

/// <summary>Builds the Kestrel app; Program and the tests both use it.</summary>
internal static class ModelServerApp
{
    /// <summary>
    /// Loads catalog and weights (StartupException on bad files) and maps the inference endpoints;
    /// the fault endpoints get their own app only when <see cref="ServerOptions.AdminUrls"/> is set,
    /// and so does the gRPC service when <see cref="ServerOptions.GrpcUrls"/> is.
    /// </summary>
    public static ModelServerHost Build(ServerOptions options, Action? crash = null, TimeProvider? time = null)
    {
        var weights = RankerWeights.Load(options.WeightsPath);
        var catalog = Catalog.Load(options.CatalogPath);
        var version = options.Version ?? weights.Version;
        var faults = new FaultInjector(options.Faults, time ?? TimeProvider.System, crash ?? KillSelf);
        var inference = new RankerInference(new Ranker(catalog, weights), faults);
        var infer = new InferHandler(inference, faults, version);
        var serverJson = ModelMetadata.ServerJson(version);
        var modelJson = ModelMetadata.ModelJson(version);

        var app = NewBuilder(options.Urls).Build();
        app.MapGet("/v2", ctx => Http.WriteJsonAsync(ctx, 200, serverJson));
        app.MapGet("/v2/health/live", ctx => Http.WriteJsonAsync(ctx, 200, "{\"live\":true}"u8.ToArray()));
        app.MapGet("/v2/health/ready", ctx => Ready(ctx, faults));
        app.MapGet("/v2/models/{name}", ctx => IfRanker(ctx, () => Http.WriteJsonAsync(ctx, 200, modelJson)));
        app.MapGet("/v2/models/{name}/ready", ctx => IfRanker(ctx, () => Ready(ctx, faults)));
        app.MapPost("/v2/models/{name}/infer", ctx => IfRanker(ctx, () => infer.HandleAsync(ctx)));
        // Clients reach this port through the gateway: the fault endpoints are never mapped here.
        app.MapFallback(ctx => Http.WriteErrorAsync(ctx, 404,
            $"no endpoint {ctx.Request.Method} {ctx.Request.Path}; see GET /v2, /v2/health/ready, /v2/models/ranker, POST /v2/models/ranker/infer (fault endpoints are served only on the --admin-urls listener)"));

        return new ModelServerHost(
            app,
            options.AdminUrls is { } adminUrls ? BuildAdmin(adminUrls, faults, crash ?? KillSelf) : null,
            options.GrpcUrls is { } grpcUrls ? BuildGrpc(grpcUrls, new InferenceService(inference, faults, version)) : null);
    }

    private static WebApplication BuildAdmin(string urls, FaultInjector faults, Action crash)
    {
        var admin = NewBuilder(urls).Build();
        admin.MapGet("/admin/faults", ctx => WriteFaults(ctx, faults));
        admin.MapPut("/admin/faults", ctx => UpdateFaults(ctx, faults));
        admin.MapPost("/admin/crash", async ctx =>
        {
            await Http.WriteJsonAsync(ctx, 202, "{\"crashing\":true}"u8.ToArray()).ConfigureAwait(false);
            await ctx.Response.CompleteAsync().ConfigureAwait(false);
            // Give the transport a moment to put the reply on the wire before the abrupt exit.
            await Task.Delay(50).ConfigureAwait(false);
            crash();
        });
        admin.MapFallback(ctx => Http.WriteErrorAsync(ctx, 404,
            $"no admin endpoint {ctx.Request.Method} {ctx.Request.Path}; see GET|PUT /admin/faults, POST /admin/crash"));
        return admin;
    }

    /// <summary>
    /// The OIP v2 GRPCInferenceService on a listener of its own that speaks HTTP/2 only, so
    /// cleartext (h2c) gRPC works without TLS or protocol negotiation.
    /// </summary>
    private static WebApplication BuildGrpc(string urls, InferenceService service)
    {
        var builder = NewBuilder(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var grpc = builder.Build();
        grpc.MapGrpcService<InferenceService>();
        return grpc;
    }

    private static WebApplicationBuilder NewBuilder(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(urls);
        return builder;
    }

    /// <summary>SIGKILL to ourselves: no shutdown hooks, no draining, exit status 137 like an OOM kill.</summary>
    private static void KillSelf()
    {
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
    }

    private static Task IfRanker(HttpContext ctx, Func<Task> next) =>
        ModelMetadata.NotServed(ctx.Request.RouteValues["name"] as string) is { } notServed
            ? Http.WriteErrorAsync(ctx, 404, notServed)
            : next();

    private static Task Ready(HttpContext ctx, FaultInjector faults) => faults.Current.Ready
        ? Http.WriteJsonAsync(ctx, 200, "{\"ready\":true}"u8.ToArray())
        : Http.WriteJsonAsync(ctx, 503, "{\"ready\":false}"u8.ToArray());

    private static Task WriteFaults(HttpContext ctx, FaultInjector faults) =>
        Http.WriteJsonAsync(ctx, 200, JsonSerializer.SerializeToUtf8Bytes(faults.Current, ModelServerJsonContext.Default.FaultSettings));

    private static async Task UpdateFaults(HttpContext ctx, FaultInjector faults)
    {
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await Http.WriteErrorAsync(ctx, 400, $"malformed JSON (line {ex.LineNumber + 1}): send an object such as {{\"latency_ms\": 50, \"hang\": false}}").ConfigureAwait(false);
            return;
        }
        using (doc)
        {
            var errors = faults.Update(doc.RootElement);
            if (errors.Count > 0)
            {
                await Http.WriteJsonAsync(ctx, 400, JsonSerializer.SerializeToUtf8Bytes(
                    new ErrorBody { Error = $"invalid fault settings, nothing changed: {string.Join("; ", errors)}", Errors = [.. errors] },
                    ModelServerJsonContext.Readable.ErrorBody)).ConfigureAwait(false);
                return;
            }
        }
        await WriteFaults(ctx, faults).ConfigureAwait(false);
    }
}

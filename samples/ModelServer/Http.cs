using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Warden.Samples.ModelServer;

/// <summary>Writes JSON answers without per-request reflection.</summary>
internal static class Http
{
    public static async Task WriteJsonAsync(HttpContext ctx, int status, byte[] body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext ctx, int status, string message, IReadOnlyList<string>? errors = null) =>
        WriteJsonAsync(ctx, status, JsonSerializer.SerializeToUtf8Bytes(
            new ErrorBody { Error = message, Errors = errors is { Count: > 1 } ? [.. errors] : null },
            ModelServerJsonContext.Readable.ErrorBody));
}

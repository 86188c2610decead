using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Warden.Gateway.Hosting;

/// <summary>Writes a small JSON answer the gateway makes itself, with its length, in one write.</summary>
internal static class JsonAnswer
{
    // Messages quote names ('v2'); the default encoder would write \u0027 for every quote.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> fields, string? reason = null)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body, Options))
        {
            json.WriteStartObject();
            fields(json);
            json.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = status;
        if (reason is not null)
        {
            response.Headers[Forwarding.HeaderRules.Reason] = Forwarding.HeaderRules.Ascii(reason);
        }

        response.ContentType = "application/json";
        response.ContentLength = body.WrittenCount;
        return response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).AsTask();
    }
}

using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Warden.Gateway.Hosting;

/// <summary>Writes a small JSON answer the gateway makes itself, with its length, in one write.</summary>
internal static class JsonAnswer
{
    public static Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> fields, string? reason = null)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
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

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Warden.Core.Reports;

namespace Warden.Api;

// The streaming representation (StreamMediaType): what a long command writes, as it writes it.
internal sealed partial class CommandEndpoint
{
    // Sends what the command writes as it writes it, one JSON line per piece, then its exit code.
    // The status is 200 whatever the command does: it is sent before the command ends; the exit
    // line says how it ended. A client that goes away cancels the command.
    private static async Task<IResult> StreamAsync(
        HttpContext context, System.Threading.Channels.Channel<(bool Error, string Text)> channel, Func<Task<int>> run, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = StreamMediaType;
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        var running = Task.Run(async () =>
        {
            try
            {
                return await run().ConfigureAwait(false);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, cancellationToken);

        await foreach (var (error, text) in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await response.WriteAsync(JsonSerializer.Serialize(error ? new StreamLine(null, text, null) : new StreamLine(text, null, null), JsonOutput.Compact) + "\n", cancellationToken).ConfigureAwait(false);
            if (channel.Reader.Count == 0)
            {
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var exit = await running.ConfigureAwait(false);
        await response.WriteAsync(JsonSerializer.Serialize(new StreamLine(null, null, exit), JsonOutput.Compact) + "\n", cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>One line of <see cref="StreamMediaType"/>: a piece of standard output or error, or the exit code.</summary>
    internal sealed record StreamLine(
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Out,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Err,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? Exit);

    // A writer that hands each piece written to the stream (a command writes whole lines or strings).
    private sealed class ChannelWriterText(System.Threading.Channels.ChannelWriter<(bool Error, string Text)> writer, bool error) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => writer.TryWrite((error, value.ToString()));

        public override void Write(string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                writer.TryWrite((error, value));
            }
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => Write((value ?? "") + new string(CoreNewLine));
    }
}

using Microsoft.Extensions.Logging;

namespace Warden.Cli.Serve;

internal static partial class ServeCommand
{
    // Warnings from ASP.NET Core, and the gateway's own lines (listening, route and health
    // changes) at Information, on standard error; standard output carries only the ready line.
    // Hosting's per-request category is off entirely: while any level of it is enabled, ASP.NET
    // Core starts an Activity and a log scope for every request (measured A/B under wrk: 3–5 µs
    // of CPU per proxied request, about 5 %); unhandled errors are still logged under Kestrel's
    // own category.
    internal static void Quiet(ILoggingBuilder logging) => Quiet(logging, json: false);

    /// <summary>The gateway's logging, as text lines or as structured JSON (<c>--log-format json</c>).</summary>
    internal static void Quiet(ILoggingBuilder logging, bool json)
    {
        logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        if (json)
        {
            // One JSON object per line: timestamp, EventId, LogLevel, Category, Message and every
            // named placeholder under State, so a log shipper needs no parsing rules.
            logging.AddJsonConsole(options =>
            {
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                options.UseUtcTimestamp = true;
                options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            });
        }

        logging.AddFilter((category, level) => category switch
        {
            "Microsoft.AspNetCore.Hosting.Diagnostics" => false,

            // "Hosting failed to start" would print the whole bind stack trace before the one-line
            // error serve prints itself; a background service that stops the host is still logged (Critical).
            "Microsoft.Extensions.Hosting.Internal.Host" => level >= LogLevel.Critical,
            not null when category.StartsWith("Warden", StringComparison.Ordinal) => level >= LogLevel.Information,
            _ => level >= LogLevel.Warning,
        });
    }
}

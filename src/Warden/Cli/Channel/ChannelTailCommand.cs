using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Warden.Channels;
using Warden.Cli.Audit;
using Warden.Core.Reports;

namespace Warden.Cli.Channel;

/// <summary>
/// <c>warden channel tail NAME [--since] [--limit] [--follow] [--json]</c>: a channel's most recent
/// messages, oldest first; with <c>--follow</c>, then every new one as it is published (polled once
/// a second from the store, so it follows what any server or CLI on the store publishes).
/// </summary>
internal static class ChannelTailCommand
{
    /// <summary>How often <c>--follow</c> reads the store.</summary>
    internal static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = $"The channel: {string.Join(", ", ChannelNames.All)}." };
        var since = new Option<string?>("--since") { Description = $"Only messages at or after this time: {AuditTime.Forms}." };
        var limit = new Option<int>("--limit") { Description = "Show at most this many of the most recent messages first (1 to 100000).", DefaultValueFactory = _ => 20 };
        CommonOptions.Check(limit, value => value is < 1 or > 100_000 ? $"--limit must be between 1 and 100000; got {value}." : null);
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new messages as they are published, until Ctrl-C (exit 130)." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("tail", "Print a channel's most recent messages, oldest first: time, event id, kind, cycle, publisher and summary, then its reports and evidence ids. --json prints one JSON object per line.")
        {
            name, since, limit, follow, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var channel = parse.GetValue(name)!.Trim();
            if (!ChannelNames.IsKnown(channel))
            {
                throw new UserInputException($"unknown channel '{channel}'; the channels are {string.Join(", ", ChannelNames.All)} ('warden channel list').", notFound: true);
            }

            var from = parse.GetValue(since) is { } text ? AuditTime.Parse(text, env.Time.GetUtcNow(), "--since") : (DateTimeOffset?)null;
            var wantJson = parse.GetValue(json);
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var entries = await opened.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, channel, from, null, parse.GetValue(limit), ct), cancellationToken);
            Write(env.Out, entries, wantJson);
            if (!parse.GetValue(follow))
            {
                if (entries.Count == 0 && !wantJson)
                {
                    env.Out.WriteLine($"no message on {channel}{(from is null ? string.Empty : $" since {ChannelText.Time(from.Value)}")} yet.");
                }

                return ExitCodes.Success;
            }

            var cursor = entries.Count > 0 ? entries[^1].Sequence : await ChannelLog.HeadAsync(opened, cancellationToken);
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                interrupted.Cancel();
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            if (!wantJson)
            {
                env.Out.WriteLine($"following {channel} (Ctrl-C to stop)");
                env.Out.Flush();
            }

            try
            {
                await foreach (var entry in ChannelLog.FollowAsync(opened, channel, cursor, Poll, env.Time, interrupted.Token))
                {
                    Write(env.Out, [entry], wantJson);
                }
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
            }

            // Only Ctrl-C or SIGTERM ends a follow: 130, as a shell reports a command ended by Ctrl-C.
            return 130;
        });
        return command;
    }

    private static void Write(TextWriter output, IReadOnlyList<ChannelEntry> entries, bool json)
    {
        foreach (var entry in entries)
        {
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(ChannelJson.Entry(entry), JsonOutput.Compact));
            }
            else
            {
                ChannelText.Write(output, entry);
            }
        }

        output.Flush();
    }
}

using System.CommandLine;
using System.Globalization;
using Warden.Channels;
using Warden.Core.Reports;
using Warden.Cli.Rollout;

namespace Warden.Cli.Channel;

/// <summary><c>warden channel list</c>: every channel with its message count and newest message.</summary>
internal static class ChannelListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("list", "List the channels: how many messages each holds, and its newest (when, who published it, its summary).")
        {
            json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var statuses = await opened.ReadAsync((tx, ct) => ChannelLog.StatusAsync(tx, ct), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new { Channels = statuses.Select(s => new { s.Channel, s.Messages, Last = s.Last is { } last ? ChannelJson.Entry(last) : null }).ToList() });
                return ExitCodes.Success;
            }

            RolloutTable.Write(
                env.Out,
                ["CHANNEL", "MESSAGES", "LAST", "EVENT", "PUBLISHER", "SUMMARY"],
                [.. statuses.Select(s => (IReadOnlyList<string>)
                [
                    s.Channel,
                    s.Messages.ToString(CultureInfo.InvariantCulture),
                    s.Last is { } last ? ChannelText.Time(last.Time) : "-",
                    s.Last?.EventId ?? "-",
                    s.Last?.Message.Publisher ?? "-",
                    s.Last is { } l ? ChannelText.Shorten(l.Message.Summary, 100) : "no message yet",
                ])]);
            return ExitCodes.Success;
        });
        return command;
    }
}

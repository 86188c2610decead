using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Registry;

namespace Warden.Cli.Registry;

/// <summary><c>warden registry history NAME [--alias A] [--at TIME]</c>: every alias move, or which version held each alias at a time.</summary>
internal static class RegistryHistoryCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "Model name." };
        var alias = new Option<string?>("--alias") { Description = "Only this alias." };
        var at = new Option<string?>("--at") { Description = "Which version held each alias at this RFC 3339 time, e.g. 2026-11-17T03:12:00Z." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("history", "Every alias move (from → to, when, who, verdict or reason), or with --at which version held each alias then.") { name, alias, at, json };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var model = parse.GetValue(name)!;
            var when = parse.GetValue(at) is { } text ? CliText.ParseTime(text, "--at") : (DateTimeOffset?)null;
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var moves = await opened.ReadAsync(async (tx, ct) =>
            {
                if ((await tx.Registry.VersionsAsync(model, ct)).Count == 0)
                {
                    throw new RegistryRefusal(RefusalCodes.UnknownModel, $"model '{model}' has no registered versions, so no history.");
                }

                return await tx.Registry.HistoryAsync(model, parse.GetValue(alias), ct);
            }, cancellationToken);

            if (when is { } time)
            {
                // The last move at or before the time is what the alias held then.
                var held = moves.Where(m => m.Time <= time)
                    .GroupBy(m => m.Alias, StringComparer.Ordinal)
                    .Select(g => g.Last())
                    .OrderBy(m => m.Alias, StringComparer.Ordinal)
                    .ToList();
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new AtJson(model, CliText.Time(time), [.. held.Select(m => new HeldJson(m.Alias, m.ToVersion, CliText.Time(m.Time), RegistryJson.MoveJson.Of(m)))]));
                    return ExitCodes.Success;
                }

                env.Out.WriteLine($"{model} at {CliText.Time(time)}:");
                if (held.Count == 0)
                {
                    env.Out.WriteLine("  no alias was set yet.");
                }

                foreach (var m in held)
                {
                    env.Out.WriteLine($"  {m.Alias,-12} {m.ToVersion,-12} since {CliText.Time(m.Time)} ({m.Kind} by {m.Actor}, {Warden.Audit.AuditIds.Format(m.AuditSequence)})");
                }

                return ExitCodes.Success;
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new HistoryJson(model, [.. moves.Select(RegistryJson.MoveJson.Of)]));
                return ExitCodes.Success;
            }

            if (moves.Count == 0)
            {
                env.Out.WriteLine($"{model}: no alias has been moved yet.");
                return ExitCodes.Success;
            }

            env.Out.WriteLine($"{"TIME",-20} {"ALIAS",-12} {"FROM",-10} {"TO",-10} {"KIND",-9} {"ACTOR",-20} {"EVENT",-8} VERDICT / REASON");
            foreach (var m in moves)
            {
                var why = m.DeploymentId is { } d ? $"GO verdict of {d}" : m.Reason ?? "-";
                env.Out.WriteLine($"{CliText.Time(m.Time),-20} {m.Alias,-12} {m.FromVersion ?? "-",-10} {m.ToVersion,-10} {m.Kind,-9} {m.Actor,-20} {Warden.Audit.AuditIds.Format(m.AuditSequence),-8} {why}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record HistoryJson(string Model, IReadOnlyList<RegistryJson.MoveJson> Moves);

    private sealed record AtJson(string Model, string At, IReadOnlyList<HeldJson> Aliases);

    private sealed record HeldJson(string Alias, string Version, string Since, RegistryJson.MoveJson Move);
}

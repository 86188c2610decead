using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Registry;

namespace Warden.Cli.Registry;

/// <summary><c>warden registry list [NAME]</c>: every registered version, one line each.</summary>
internal static class RegistryListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string?>("name") { Description = "Only this model.", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("list", "List registered versions: model, version, sha256, size, aliases, when, status.") { name, json };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var model = parse.GetValue(name);
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var rows = await opened.ReadAsync(async (tx, ct) =>
            {
                var versions = model is null ? await tx.Registry.AllAsync(ct) : await tx.Registry.VersionsAsync(model, ct);
                var shown = new List<RegistryJson.VersionJson>(versions.Count);
                foreach (var group in versions.GroupBy(v => v.Model, StringComparer.Ordinal))
                {
                    var aliases = await tx.Registry.AliasesAsync(group.Key, ct);
                    shown.AddRange(group.Select(v => RegistryJson.VersionJson.Of(v, aliases)));
                }

                return shown;
            }, cancellationToken);

            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new ListJson(rows));
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                env.Out.WriteLine(model is null
                    ? "no model versions registered yet; add one with 'warden registry add NAME VERSION --artifact PATH'."
                    : $"no versions of '{model}' registered.");
                return ExitCodes.Success;
            }

            env.Out.WriteLine($"{"MODEL",-16} {"VERSION",-12} {"SHA256",-12} {"SIZE",12} {"ALIASES",-24} {"REGISTERED",-20} STATUS");
            foreach (var r in rows)
            {
                var aliases = r.Aliases.Count == 0 ? "-" : string.Join(",", r.Aliases);
                env.Out.WriteLine($"{r.Model,-16} {r.Version,-12} {CliText.Short(r.Sha256),-12} {r.SizeBytes,12} {aliases,-24} {r.RegisteredAt,-20} {(r.Tampered is null ? "ok" : "TAMPERED")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record ListJson(IReadOnlyList<RegistryJson.VersionJson> Versions);
}

using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Cli.Registry;

/// <summary><c>warden registry show NAME [VERSION]</c>: one version in full, or a model's aliases and versions.</summary>
internal static class RegistryShowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "Model name." };
        var version = new Argument<string?>("version") { Description = "Version; without it, every version and the aliases.", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("show", "Show a version (sha256, size, artifact, lineage, tags, aliases, tamper mark), or all versions of a model.") { name, version, json };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var model = parse.GetValue(name)!;
            var wanted = parse.GetValue(version);
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var (aliases, versions) = await ReadAsync(opened, model, wanted, cancellationToken);
            var shown = versions.Select(v => RegistryJson.VersionJson.Of(v, aliases)).ToList();

            if (parse.GetValue(json))
            {
                if (wanted is null)
                {
                    JsonOutput.Write(env.Out, new ModelJson(model, aliases, shown));
                }
                else
                {
                    JsonOutput.Write(env.Out, shown[0]);
                }

                return ExitCodes.Success;
            }

            if (wanted is null)
            {
                env.Out.WriteLine($"{model}: {shown.Count} version(s); aliases: {(aliases.Count == 0 ? "none" : string.Join(", ", aliases.Select(a => $"{a.Key} → {a.Value}")))}");
            }

            foreach (var v in shown)
            {
                Write(env.Out, v);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter o, RegistryJson.VersionJson v)
    {
        o.WriteLine($"{v.Model} {v.Version}{(v.Aliases.Count > 0 ? $" ({string.Join(", ", v.Aliases)})" : string.Empty)}");
        o.WriteLine($"  sha256        {v.Sha256}");
        o.WriteLine($"  size          {v.SizeBytes} bytes");
        o.WriteLine($"  artifact      {v.ArtifactPath}");
        o.WriteLine($"  registered    {v.RegisteredAt} by {v.RegisteredBy}");
        o.WriteLine($"  run id        {v.Lineage.RunId ?? "-"}");
        o.WriteLine($"  data version  {v.Lineage.DataVersion ?? "-"}");
        o.WriteLine($"  code rev      {v.Lineage.CodeRev ?? "-"}");
        if (v.Lineage.Environment is { } e)
        {
            o.WriteLine($"  environment   {e.Path} (sha256 {CliText.Short(e.Sha256)}): {e.Runtime ?? "-"}; {e.Os ?? "-"}; lock {e.LockHash ?? "-"}");
        }

        o.WriteLine($"  tags          {(v.Tags.Count == 0 ? "-" : string.Join(", ", v.Tags.Select(t => $"{t.Key}={t.Value}")))}");
        o.WriteLine(v.Tampered is { } t
            ? $"  status        TAMPERED since {t.At}: {t.Reason} (read {t.Sha256Read ?? "nothing"})"
            : "  status        ok");
    }

    // The model's aliases and its versions (or the one wanted); a refusal naming the fix when it has none.
    private static ValueTask<(IReadOnlyDictionary<string, string> Aliases, IReadOnlyList<ModelVersion> Versions)> ReadAsync(
        IWardenStore store, string model, string? wanted, CancellationToken cancellationToken) =>
        store.ReadAsync(async (tx, ct) =>
        {
            RegistryNames.CheckName(model, "model");
            IReadOnlyList<ModelVersion> found = wanted is null ? await tx.Registry.VersionsAsync(model, ct) : [await ModelRegistry.RequireAsync(tx, model, wanted, ct)];
            if (found.Count == 0)
            {
                throw new RegistryRefusal(RefusalCodes.UnknownModel, $"model '{model}' has no registered versions; register one with 'warden registry add {model} VERSION --artifact PATH'.");
            }

            return (await tx.Registry.AliasesAsync(model, ct), found);
        }, cancellationToken);

    private sealed record ModelJson(string Model, IReadOnlyDictionary<string, string> Aliases, IReadOnlyList<RegistryJson.VersionJson> Versions);
}

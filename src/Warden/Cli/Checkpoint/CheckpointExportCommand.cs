using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Core.Reports;

namespace Warden.Cli.Checkpoint;

/// <summary><c>warden checkpoint export [--out DIR]</c>: writes checkpoint_registry.yaml and its JSON twin.</summary>
internal static class CheckpointExportCommand
{
    public const string YamlFile = "checkpoint_registry.yaml";
    public const string JsonFile = "checkpoint_registry.json";

    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string?>("name") { Description = "Only this model.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string>("--out") { Description = $"Folder for {YamlFile} and {JsonFile} (created if missing).", DefaultValueFactory = _ => "." };
        var policy = new CheckpointPolicyOption();
        var store = new StoreOptions();
        var command = new Command("export", $"Write {YamlFile} (one entry per model/version: latest verification) and {JsonFile}.") { name, output, policy.Option };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limits = policy.Load(parse);
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var now = env.Time.GetUtcNow();
            var rows = (await opened.ReadAsync((tx, ct) => tx.Checkpoints.LatestAsync(parse.GetValue(name), ct), cancellationToken)).Select(v => CheckpointJson.Of(v, limits, now)).ToList();
            var document = new ExportJson(CliText.Time(now), new PolicyJson(limits.Limits.CheckpointMaxAgeHours, limits.Limits.LoadTimeMaxSeconds), rows);
            var outDir = parse.GetValue(output) ?? ".";
            try
            {
                Directory.CreateDirectory(outDir);
                File.WriteAllText(Path.Combine(outDir, YamlFile), Yaml(document));
                File.WriteAllText(Path.Combine(outDir, JsonFile), JsonSerializer.Serialize(document, JsonOutput.Options) + "\n");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"--out {outDir}: cannot write there ({ex.Message}); choose a writable folder.");
            }

            env.Out.WriteLine($"exported {rows.Count} checkpoint(s): {Path.Combine(outDir, YamlFile)}, {Path.Combine(outDir, JsonFile)}");
            return ExitCodes.Success;
        });
        return command;
    }

    // YAML written by hand: every string is a JSON string literal (valid YAML double-quoted
    // scalar), so paths and messages with ':' or '#' survive, and the file needs no YAML writer.
    private static string Yaml(ExportJson doc)
    {
        var y = new StringBuilder();
        y.Append("# Rollback checkpoints: the latest verification of each model version. JSON twin: ").Append(JsonFile).Append('\n');
        y.Append("generated_at: ").Append(doc.GeneratedAt).Append('\n');
        y.Append("policy:\n");
        y.Append("  checkpoint_max_age_hours: ").Append(Num(doc.Policy.CheckpointMaxAgeHours)).Append('\n');
        y.Append("  load_time_max_s: ").Append(Num(doc.Policy.LoadTimeMaxS)).Append('\n');
        y.Append(doc.Checkpoints.Count == 0 ? "checkpoints: []\n" : "checkpoints:\n");
        foreach (var c in doc.Checkpoints)
        {
            y.Append("  - model: ").Append(Str(c.Model)).Append('\n');
            y.Append("    version: ").Append(Str(c.Version)).Append('\n');
            y.Append("    sha256: ").Append(c.Sha256).Append('\n');
            y.Append("    path: ").Append(Str(c.Path)).Append('\n');
            y.Append("    verified_at: ").Append(c.VerifiedAt).Append('\n');
            y.Append("    age_hours: ").Append(Num(c.AgeHours)).Append('\n');
            y.Append("    load_time_s: ").Append(c.LoadTimeS is { } s ? Num(s) : "null").Append('\n');
            y.Append("    status: ").Append(c.Status).Append('\n');
            if (c.Problem is not null)
            {
                y.Append("    problem: ").Append(Str(c.Problem)).Append('\n');
            }
        }

        return y.ToString();
    }

    private static string Str(string value) => JsonSerializer.Serialize(value, JsonOutput.Options);

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed record ExportJson(string GeneratedAt, PolicyJson Policy, IReadOnlyList<CheckpointJson> Checkpoints);

    private sealed record PolicyJson(double CheckpointMaxAgeHours, double LoadTimeMaxS);
}

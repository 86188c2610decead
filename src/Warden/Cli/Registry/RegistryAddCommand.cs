using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Bundle;
using Warden.Core.Evidence;
using Warden.Core.Reports;
using Warden.Registry;

namespace Warden.Cli.Registry;

/// <summary><c>warden registry add NAME VERSION --artifact PATH</c>: hashes the artifact and records the version with its lineage.</summary>
internal static class RegistryAddCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "Model name, e.g. ranker." };
        var version = new Argument<string>("version") { Description = "Version, e.g. v2." };
        var artifact = new Option<string>("--artifact") { Description = "The model artifact (a file); hashed with sha256 as it is streamed.", Required = true };
        var runId = new Option<string?>("--run-id") { Description = "Training run id (e.g. MLflow run)." };
        var dataVersion = new Option<string?>("--data-version") { Description = "Version of the training data." };
        var codeRev = new Option<string?>("--code-rev") { Description = "Code revision the model was trained with." };
        var envManifest = new Option<string?>("--env") { Description = "Environment manifest JSON (runtime, os, lock_hash, artifact_sha256); its sha256 and fields are recorded." };
        var tags = new Option<string[]>("--tag") { Description = "A key=value tag; repeat for more.", AllowMultipleArgumentsPerToken = false };
        var roots = new Option<string[]>("--allow-root")
        {
            Description = $"A folder artifacts may come from; repeat for more (default: ${ArtifactRoots.EnvironmentVariable}, else the current directory).",
        };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("add", "Register a model version: sha256 and size of the artifact, lineage, tags, who and when. The same bytes again are a no-op; other bytes are refused.")
        {
            name, version, artifact, runId, dataVersion, codeRev, envManifest, tags, roots, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cwd = Environment.CurrentDirectory;
            var allowed = ArtifactRoots.From(parse.GetValue(roots) ?? [], Environment.GetEnvironmentVariable(ArtifactRoots.EnvironmentVariable), cwd);
            var artifactPath = allowed.Check(parse.GetValue(artifact)!, "--artifact", cwd);
            var request = new Registration
            {
                Model = parse.GetValue(name)!,
                Version = parse.GetValue(version)!,
                ArtifactPath = artifactPath,
                Lineage = new Lineage
                {
                    RunId = parse.GetValue(runId),
                    DataVersion = parse.GetValue(dataVersion),
                    CodeRev = parse.GetValue(codeRev),
                    Environment = parse.GetValue(envManifest) is { } e ? ReadEnvironment(allowed.Check(e, "--env", cwd), e) : null,
                },
                Tags = ParseTags(parse.GetValue(tags) ?? []),
                Actor = store.ActorOf(parse),
            };

            await using var opened = await store.OpenAsync(parse, env, cancellationToken);
            var result = await new ModelRegistry(opened).RegisterAsync(request, cancellationToken);
            Print(env, result, parse.GetValue(json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CliEnvironment env, RegistrationResult result, bool json)
    {
        var v = result.Version;
        if (v.Lineage.Environment?.ArtifactSha256 is { } declared && declared != v.Sha256)
        {
            env.Error.WriteLine($"warning: the environment manifest says artifact_sha256 {declared}, the artifact hashes to {v.Sha256}; the verdict's integrity check will FAIL a bundle that uses this manifest.");
        }

        if (json)
        {
            JsonOutput.Write(env.Out, new AddJson(result.Added ? "registered" : "unchanged", result.AuditSequence is { } s ? Warden.Audit.AuditIds.Format(s) : null, RegistryJson.VersionJson.Of(v, new Dictionary<string, string>())));
            return;
        }

        if (!result.Added)
        {
            env.Out.WriteLine($"unchanged: {v.Model} {v.Version} is already registered with these bytes (sha256 {v.Sha256}); nothing was written.");
            return;
        }

        env.Out.WriteLine($"registered {v.Model} {v.Version}");
        env.Out.WriteLine($"  sha256    {v.Sha256}");
        env.Out.WriteLine($"  size      {v.SizeBytes} bytes");
        env.Out.WriteLine($"  artifact  {v.ArtifactPath}");
        env.Out.WriteLine($"  event     {Warden.Audit.AuditIds.Format(result.AuditSequence!.Value)} by {v.RegisteredBy} at {CliText.Time(v.RegisteredAt)}");
    }

    private static EnvironmentRecord ReadEnvironment(string path, string shown)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--env {shown}: cannot be read ({ex.Message}); nothing was registered.");
        }

        try
        {
            var manifest = EnvironmentManifestReader.Read(new MemoryStream(bytes), shown);
            return new EnvironmentRecord
            {
                Path = path,
                Sha256 = EvidenceId.Of(bytes).Sha256,
                Runtime = manifest.Runtime,
                Os = manifest.Os,
                LockHash = manifest.LockHash,
                ArtifactSha256 = manifest.ArtifactSha256,
            };
        }
        catch (EvidenceFormatException ex)
        {
            throw new UserInputException($"{ex.Message}; nothing was registered. Fix the environment manifest.");
        }
    }

    private static SortedDictionary<string, string> ParseTags(string[] values)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UserInputException($"--tag '{value}' is not key=value; write it like --tag owner=search-team.");
            }

            var key = value[..eq].Trim();
            if (!tags.TryAdd(key, value[(eq + 1)..]))
            {
                throw new UserInputException($"--tag {key} is given twice; give each key once.");
            }
        }

        return tags;
    }

    private sealed record AddJson(string Result, string? Event, RegistryJson.VersionJson Version);
}

using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Registry;

namespace Warden.Cli.Registry;

/// <summary><c>warden registry verify NAME VERSION</c>: re-hashes the artifact; a mismatch marks the version tampered.</summary>
internal static class RegistryVerifyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "Model name." };
        var version = new Argument<string>("version") { Description = "Version." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "verify",
            $"Re-hash a version's artifact and record the result. Exit 0 when it matches; {ExitCodes.VerificationFailed} when it differs or is gone (the version is then marked tampered).")
        {
            name, version, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: false, cancellationToken);
            var result = await new ModelRegistry(opened).VerifyAsync(parse.GetValue(name)!, parse.GetValue(version)!, store.ActorOf(parse), cancellationToken);
            var v = result.Verification;
            var eventId = Warden.Audit.AuditIds.Format(result.AuditSequence);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new VerifyJson(
                    v.Model, v.Version, v.Matched ? "match" : "tampered", v.Expected, v.Sha256Read, v.ArtifactPath, v.Problem, CliText.Time(v.Time), eventId,
                    result.Version.Tampered is { } t ? new RegistryJson.TamperJson(CliText.Time(t.At), t.Sha256Read, t.Reason) : null));
            }
            else if (v.Matched)
            {
                env.Out.WriteLine($"match: {v.Model} {v.Version} still hashes to {v.Expected} ({v.ArtifactPath}); recorded as {eventId}.");
            }
            else
            {
                env.Out.WriteLine(
                    $"TAMPERED: {v.Model} {v.Version}: registered sha256 {v.Expected}, {(v.Sha256Read is { } read ? $"read {read}" : v.Problem)} ({v.ArtifactPath}). " +
                    $"The version is marked tampered ({eventId}); verdicts on it FAIL integrity and it cannot be promoted.");
            }

            return v.Matched ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    private sealed record VerifyJson(
        string Model, string Version, string Result, string Expected, string? Read, string ArtifactPath, string? Problem, string VerifiedAt, string Event, RegistryJson.TamperJson? Tampered);
}

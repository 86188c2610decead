using System.CommandLine;
using Warden.Access;
using Warden.Audit;
using Warden.Cli.Registry;
using Warden.Core.Configuration;

namespace Warden.Cli.Token;

/// <summary>
/// <c>warden token create --name NAME --role ROLE [--expires 90d]</c>: prints the new token, alone,
/// on standard output (so <c>$(warden token create …)</c> captures it) and says on standard error
/// that it is shown only once. Nothing else ever prints it.
/// </summary>
internal static class TokenCreateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Option<string>("--name")
        {
            Description = "The token's name, unique for good (a revoked token's name is not reused); everything done with the token is recorded under it in the audit log.",
            Required = true,
        };
        var role = new Option<string>("--role")
        {
            Description = $"What the token may do: {Roles.Names} (docs/roles.md).",
            Required = true,
        };
        var expires = new Option<string?>("--expires")
        {
            Description = $"Lifetime from now, a whole number and one of {ConfigDuration.Units}, e.g. 90d (default: never expires).",
        };
        var store = new StoreOptions();
        var command = new Command("create", "Create an API token for a role and print it once; Warden keeps only a salted hash of it.")
        {
            name, role, expires,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var roleText = parse.GetValue(role)!;
            if (!Roles.TryParse(roleText, out var parsedRole))
            {
                throw new UserInputException($"--role {roleText}: not a role; give one of {Roles.Names} (docs/roles.md).");
            }

            TimeSpan? lifetime = null;
            if (parse.GetValue(expires) is { } expiresText)
            {
                if (!ConfigDuration.TryParse(expiresText, out var span) || span <= TimeSpan.Zero)
                {
                    throw new UserInputException($"--expires {expiresText}: give a positive whole number and one of {ConfigDuration.Units}, e.g. 90d; leave it out for a token that never expires.");
                }

                lifetime = span;
            }

            // Validated before the store is opened (or created): a bad name leaves no database behind.
            TokenNames.Check(parse.GetValue(name)!);
            await using var opened = await store.OpenAsync(parse, env, cancellationToken);
            var issued = await new TokenIssuer(opened).CreateAsync(parse.GetValue(name)!, parsedRole, lifetime, store.ActorOf(parse), cancellationToken);
            var t = issued.Token;
            env.Out.WriteLine(issued.Text);
            env.Error.WriteLine(
                $"created token '{t.Name}' ({Roles.Name(t.Role)}, {(t.ExpiresAt is { } e ? $"expires {CliText.Time(e)}" : "never expires")}) as {AuditIds.Format(issued.AuditSequence)}. " +
                "It is shown only once, above: Warden keeps only a salted hash of it. Store it now (e.g. as WARDEN_TOKEN in your CI's secrets).");
            return ExitCodes.Success;
        });
        return command;
    }
}

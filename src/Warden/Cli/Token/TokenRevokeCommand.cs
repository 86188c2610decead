using System.CommandLine;
using Warden.Access;
using Warden.Audit;

namespace Warden.Cli.Token;

/// <summary><c>warden token revoke NAME</c>: the token is refused from now on; its row stays, marked revoked.</summary>
internal static class TokenRevokeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The token's name (as 'warden token list' shows it)." };
        var store = new StoreOptions();
        var command = new Command("revoke", "Revoke an API token: every call with it is refused from now on. The name is not freed for reuse.")
        {
            name,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: false, cancellationToken);
            var (token, sequence) = await new TokenIssuer(opened).RevokeAsync(parse.GetValue(name)!, store.ActorOf(parse), cancellationToken);
            env.Out.WriteLine($"revoked token '{token.Name}' ({Roles.Name(token.Role)}) as {AuditIds.Format(sequence)}; calls with it are refused from now on.");
            return ExitCodes.Success;
        });
        return command;
    }
}

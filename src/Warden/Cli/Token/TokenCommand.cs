using System.CommandLine;

namespace Warden.Cli.Token;

/// <summary><c>warden token</c>: API tokens and their roles — create, list, revoke (docs/roles.md).</summary>
internal static class TokenCommand
{
    public static Command Create(CliEnvironment env) => new(
        "token",
        "API tokens (docs/roles.md): create one for a role (viewer, operator, approver, admin), list them, revoke one. Only a salted hash of each token is stored; the token is shown once, when it is created.")
    {
        TokenCreateCommand.Create(env),
        TokenListCommand.Create(env),
        TokenRevokeCommand.Create(env),
    };
}

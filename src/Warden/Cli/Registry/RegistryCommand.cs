using System.CommandLine;

namespace Warden.Cli.Registry;

/// <summary><c>warden registry</c>: model versions pinned by sha256, aliases, history, re-verification.</summary>
internal static class RegistryCommand
{
    public static Command Create(CliEnvironment env) => new(
        "registry",
        "Register model versions (artifact sha256, lineage), move aliases (production needs a recorded GO verdict), show history, re-verify artifacts.")
    {
        RegistryAddCommand.Create(env),
        RegistryListCommand.Create(env),
        RegistryShowCommand.Create(env),
        RegistryAliasCommand.Create(env),
        RegistryHistoryCommand.Create(env),
        RegistryVerifyCommand.Create(env),
    };
}

using System.CommandLine;

namespace Warden.Cli.Store;

/// <summary><c>warden store</c>: the store itself — moving Warden's state from one back-end to another (docs/scale-out.md).</summary>
internal static class StoreCommand
{
    public static Command Create(CliEnvironment env) => new(
        "store",
        "Warden's store itself (docs/scale-out.md): copy everything from the embedded SQLite file to a shared PostgreSQL database (or back) and check the copy.")
    {
        StoreMigrateCommand.Create(env),
    };
}

using System.CommandLine;

namespace Warden.Cli.Checkpoint;

/// <summary><c>warden checkpoint</c>: rollback checkpoints — verified, loadable snapshots of known-good versions.</summary>
internal static class CheckpointCommand
{
    public static Command Create(CliEnvironment env) => new(
        "checkpoint",
        "Verify rollback checkpoints (sha256, storage reachable, load time), list them, export checkpoint_registry.yaml.")
    {
        CheckpointVerifyCommand.Create(env),
        CheckpointListCommand.Create(env),
        CheckpointExportCommand.Create(env),
    };
}

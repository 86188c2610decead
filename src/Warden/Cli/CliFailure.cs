using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Core.Evidence;
using Warden.Evidence;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Cli;

/// <summary>What kind of failure ended a command, for the HTTP status the API answers it with.</summary>
internal enum FailureKind
{
    /// <summary>Bad input: a malformed value, an unreadable file (400).</summary>
    BadInput,

    /// <summary>A model, version or rollout that does not exist (404).</summary>
    NotFound,

    /// <summary>A well-formed request the current state refuses: the gate, the phase (409).</summary>
    Refused,

    /// <summary>The store could not be read or written (503).</summary>
    Store,

    /// <summary>A bug or an environment problem Warden could not name (500).</summary>
    Internal,
}

/// <summary>
/// How a command's exception is told to the user: the lines on standard error, the exit code and
/// its kind. One table, used by <see cref="WardenCli.RunAsync"/> for the CLI and, through it, by the
/// REST API, which runs the same commands: a refusal reads the same in both.
/// </summary>
/// <param name="Lines">What standard error says, each line as printed.</param>
/// <param name="Exit">The process exit code.</param>
/// <param name="Kind">The kind, for the API's status.</param>
internal sealed record CliFailure(IReadOnlyList<string> Lines, int Exit, FailureKind Kind)
{
    /// <summary>The failure <paramref name="ex"/> stands for.</summary>
    public static CliFailure Of(Exception ex) => ex switch
    {
        EvidenceFormatException e => Input(
            $"error: {TerminalText.VisibleLines(e.Message)}", "Fix the line, or pass --lenient to skip bad lines (they are counted and reported)."),
        StoreException e => new([$"error: {TerminalText.VisibleLines(StoreErrorText.Describe(e))}"], ExitCodes.BadInput, FailureKind.Store),
        RegistryRefusal e => new(
            [$"error: {TerminalText.VisibleLines(RefusalWording.ForCli(e))}"],
            ExitCodes.BadInput,
            e.Code switch
            {
                RefusalCodes.UnknownModel or RefusalCodes.UnknownVersion => FailureKind.NotFound,
                RefusalCodes.InvalidName => FailureKind.BadInput,
                _ => FailureKind.Refused,
            }),
        RolloutRefusal e => new([$"error: {TerminalText.VisibleLines(e.Message)}"], ExitCodes.BadInput, e.NotFound ? FailureKind.NotFound : FailureKind.Refused),
        BundleInputException e => Input($"error: {e.Message}"),
        Warden.Access.TokenRefusal e => new([$"error: {TerminalText.VisibleLines(e.Message)}"], ExitCodes.BadInput, FailureKind.Refused),
        UserInputException e => new([$"error: {TerminalText.VisibleLines(e.Message)}"], ExitCodes.BadInput, e.NotFound ? FailureKind.NotFound : FailureKind.BadInput),
        _ => new(
            [
                $"internal error: {ex.GetType().Name}: {TerminalText.VisibleLines(ex.Message)}",
                Environment.GetEnvironmentVariable("WARDEN_DEBUG") == "1" ? ex.ToString() : "This is a bug in Warden, not in your input. Set WARDEN_DEBUG=1 for the stack trace and report it.",
            ],
            ExitCodes.InternalError,
            FailureKind.Internal),
    };

    private static CliFailure Input(params string[] lines) => new(lines, ExitCodes.BadInput, FailureKind.BadInput);
}

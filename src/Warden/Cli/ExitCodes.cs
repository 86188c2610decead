namespace Warden.Cli;

/// <summary>Process exit codes, documented in docs/cli.md. Later commands add verdict codes (3–5).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An internal failure: a bug or an environment problem Warden could not name.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input or usage: unknown option, unreadable file, malformed line.</summary>
    public const int BadInput = 2;

    /// <summary>A verification ran and failed; the result is recorded: <c>audit verify</c> (chain broken, a state row not vouched for, an empty log), <c>registry verify</c> (artifact tampered or gone), <c>checkpoint verify</c> (slow, failed or tampered).</summary>
    public const int VerificationFailed = 6;
}

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

    /// <summary><c>warden audit verify</c>: the audit log's hash chain is broken (an event edited, deleted or inserted, the head or an anchor disagrees).</summary>
    public const int AuditChainBroken = 6;
}

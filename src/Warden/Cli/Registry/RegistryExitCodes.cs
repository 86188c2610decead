namespace Warden.Cli.Registry;

/// <summary>The exit code of a verification that ran and found a problem (docs/cli.md).</summary>
internal static class RegistryExitCodes
{
    /// <summary><c>registry verify</c>: the artifact is tampered or gone. <c>checkpoint verify</c>: the checkpoint is not ok (slow, failed, tampered). The result is recorded.</summary>
    public const int VerificationFailed = 6;
}

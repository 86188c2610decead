namespace Warden.Checkpoints;

/// <summary>What loading a checkpoint took: seconds (null when it did not finish), the command's exit code, and what went wrong.</summary>
internal sealed record LoadMeasurement(double? Seconds, int? ExitCode, string? Problem)
{
    /// <summary>True when the load did not succeed.</summary>
    public bool Failed => Problem is not null;
}

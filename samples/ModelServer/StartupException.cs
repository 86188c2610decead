namespace Warden.Samples.ModelServer;

/// <summary>A problem with flags or input files: printed as "error: ..." and the process exits with 2.</summary>
internal sealed class StartupException(string message) : Exception(message);

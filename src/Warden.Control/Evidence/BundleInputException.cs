namespace Warden.Evidence;

/// <summary>
/// A file an evidence bundle names cannot be used as it is (unknown telemetry format, no requests
/// for the arm's version, ...). The message names the file, what is wrong and the fix; a caller at
/// the edge (the CLI, the API) reports it as bad input, never as an internal error.
/// </summary>
internal sealed class BundleInputException(string message) : Exception(message);

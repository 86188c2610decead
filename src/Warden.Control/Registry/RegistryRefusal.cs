namespace Warden.Registry;

/// <summary>
/// A registry or checkpoint action refused because of what the user asked (unknown version,
/// different bytes, missing verdict, path outside the allowed roots). The message says what is
/// wrong and how to fix it; nothing was written. The CLI exits 2.
/// </summary>
internal sealed class RegistryRefusal(string message) : Exception(message);

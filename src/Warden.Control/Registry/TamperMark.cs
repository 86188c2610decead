namespace Warden.Registry;

/// <summary>Why a version is marked tampered: when it was found, what was read instead of the registered bytes.</summary>
/// <param name="At">When the mismatch was found.</param>
/// <param name="Sha256Read">sha256 of the bytes found, or null when the file was gone or unreadable.</param>
/// <param name="Reason">One line, e.g. <c>sha256 differs</c> or <c>file not found</c>.</param>
internal sealed record TamperMark(DateTimeOffset At, string? Sha256Read, string Reason);

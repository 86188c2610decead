namespace Warden.Cli;

/// <summary>
/// A problem with what the user gave (an option value, a path). The message says what is wrong
/// and how to fix it; the command exits with <see cref="ExitCodes.BadInput"/> and no stack trace.
/// </summary>
internal sealed class UserInputException(string message) : Exception(message);

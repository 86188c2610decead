namespace Warden.Cli;

/// <summary>
/// A problem with what the user gave (an option value, a path). The message says what is wrong
/// and how to fix it; the command exits with <see cref="ExitCodes.BadInput"/> and no stack trace.
/// <paramref name="notFound"/> marks a name that does not exist (a cycle id, a channel), which the
/// REST API answers with 404 instead of 400.
/// </summary>
internal sealed class UserInputException(string message, bool notFound = false) : Exception(message)
{
    /// <summary>The input names something that does not exist.</summary>
    public bool NotFound { get; } = notFound;
}

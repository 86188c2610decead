namespace Warden.Cli.Serve;

/// <summary>Shows a page to the user: the system's default browser in production, a recording fake in tests.</summary>
internal interface IBrowserOpener
{
    /// <summary>What opens the page, for the log line (<c>xdg-open</c>, <c>open</c>, or <c>WARDEN_BROWSER</c>'s command).</summary>
    string Name { get; }

    /// <summary>Opens <paramref name="url"/>; answers why it could not (no such command, a failed start), or null once started.</summary>
    string? Open(Uri url);
}

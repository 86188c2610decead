using Spectre.Console;

namespace Warden.Cli;

/// <summary>
/// What a command writes to and reads the clock from. Production wires the process console;
/// tests pass string writers and a fixed clock and assert on the text.
/// </summary>
internal sealed record CliEnvironment
{
    /// <summary>Standard output: results (tables or JSON).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: diagnostics, warnings, progress.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Spectre console over <see cref="Out"/>, for tables.</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Clock for progress timing.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Opens standard input, read when a file argument is <c>-</c>.</summary>
    public Func<Stream> OpenStandardInput { get; init; } = System.Console.OpenStandardInput;

    /// <summary>True when standard error is a terminal, so a progress line may be redrawn in place.</summary>
    public bool InteractiveError { get; init; }

    /// <summary>Reads an environment variable (<c>WARDEN_SERVER</c>, <c>WARDEN_TOKEN</c>); tests pass their own.</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// Set when the REST API runs a command inside <c>warden serve</c>: the server's open store, which
    /// <see cref="StoreOptions"/> hands to the command instead of opening the file again. Null in the CLI.
    /// </summary>
    public Storage.IWardenStore? HostedStore { get; init; }

    /// <summary>Told how a command failed (the API's status comes from its kind); null in the CLI.</summary>
    public Action<CliFailure>? Failure { get; init; }

    /// <summary>The process console: stdout, stderr, colours only on a terminal.</summary>
    public static CliEnvironment FromProcess()
    {
        // Colour only on a terminal and never when NO_COLOR is set (https://no-color.org);
        // redirected output gets a wide fixed width so tables are not wrapped at 80 columns.
        var redirected = System.Console.IsOutputRedirected;
        var plain = redirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(System.Console.Out),
        });
        if (redirected)
        {
            console.Profile.Width = 160;
        }

        return new CliEnvironment
        {
            Out = System.Console.Out,
            Error = System.Console.Error,
            Console = console,
            InteractiveError = !System.Console.IsErrorRedirected,
        };
    }

    /// <summary>A plain-text environment over the given writers (tests, pipes): no colour, fixed width.</summary>
    public static CliEnvironment Plain(TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return new CliEnvironment
        {
            Out = output,
            Error = error,
            Console = console,
            Time = time ?? TimeProvider.System,

            // No ambient WARDEN_SERVER: a test (or the API running a command) says where it runs.
            Variable = _ => null,
        };
    }
}

using Warden.Cli;

namespace Warden.Tests.Support;

/// <summary>Runs the <c>warden</c> CLI in-process and captures what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args) => Of(TimeProvider.System, args);

    public static CliRun Of(TimeProvider time, params string[] args) => Run(args, time, input: null);

    /// <summary>Runs against <paramref name="server"/> with <paramref name="token"/> in WARDEN_TOKEN, as a user's shell would (WARDEN_SERVER set).</summary>
    public static CliRun Remote(Uri server, string token, params string[] args)
    {
        var variables = new Dictionary<string, string> { ["WARDEN_SERVER"] = server.ToString(), ["WARDEN_TOKEN"] = token };
        return Run(args, TimeProvider.System, input: null, name => variables.GetValueOrDefault(name));
    }

    /// <summary>
    /// Like <see cref="Remote"/>, cancelled by <paramref name="cancellationToken"/> (a follow's Ctrl-C);
    /// <paramref name="output"/> receives standard output as it is written.
    /// </summary>
    public static async Task<CliRun> RemoteAsync(Uri server, string token, StringWriter output, CancellationToken cancellationToken, params string[] args)
    {
        var variables = new Dictionary<string, string> { ["WARDEN_SERVER"] = server.ToString(), ["WARDEN_TOKEN"] = token };
        using var error = new StringWriter();
        var env = CliEnvironment.Plain(TextWriter.Synchronized(output), TextWriter.Synchronized(error)) with { Variable = name => variables.GetValueOrDefault(name) };
        var code = await Task.Run(() => WardenCli.RunAsync(args, env, cancellationToken));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with <paramref name="variables"/> as the only environment variables the CLI sees.</summary>
    public static CliRun WithVariables(IReadOnlyDictionary<string, string> variables, params string[] args) =>
        Run(args, TimeProvider.System, input: null, name => variables.GetValueOrDefault(name));

    /// <summary>Runs with <paramref name="input"/> as standard input (what a <c>-</c> argument reads).</summary>
    public static CliRun WithInput(Stream input, params string[] args) => Run(args, TimeProvider.System, input);

    private static CliRun Run(string[] args, TimeProvider time, Stream? input, Func<string, string?>? variables = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = CliEnvironment.Plain(output, error, time);
        if (variables is not null)
        {
            env = env with { Variable = variables };
        }

        if (input is not null)
        {
            env = env with { OpenStandardInput = () => input };
        }

        // The CLI is asynchronous; most tests assert on its output synchronously. Task.Run keeps the
        // wait off any test synchronization context, so blocking here cannot deadlock.
        var code = Task.Run(() => WardenCli.RunAsync(args, env)).GetAwaiter().GetResult();
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

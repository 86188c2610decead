using Warden.Cli;

namespace Warden.Tests.Support;

/// <summary>Runs the <c>warden</c> CLI in-process and captures what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args) => Of(TimeProvider.System, args);

    public static CliRun Of(TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = WardenCli.Run(args, CliEnvironment.Plain(output, error, time));
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

using System.CommandLine;

namespace Warden.Cli.Route;

/// <summary><c>warden route show|set</c>: read and change a running gateway's route table.</summary>
internal static class RouteCommand
{
    public static Command Create(CliEnvironment env) => new("route", "Show or change the routes of a running gateway (warden serve) through its admin API (its own listener, default http://127.0.0.1:8079).")
    {
        RouteShowCommand.Create(env),
        RouteSetCommand.Create(env),
    };

    /// <summary>The <c>--gateway</c> option both subcommands take.</summary>
    public static Option<string> GatewayOption() => new("--gateway")
    {
        Description = "Base address of the gateway's admin API (gateway.admin.urls / serve --admin-urls), not the traffic listener.",
        DefaultValueFactory = _ => GatewayClient.DefaultGateway,
    };

    /// <summary>An unexpected answer, shortened for one error line.</summary>
    public static string Cut(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "(empty body)" : line.Length <= 300 ? line : line[..300] + "…";
    }
}

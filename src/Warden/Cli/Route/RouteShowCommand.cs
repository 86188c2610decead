using System.CommandLine;
using System.Net;

namespace Warden.Cli.Route;

/// <summary><c>warden route show [--gateway URL] [--json]</c>: the route table a running gateway uses now.</summary>
internal static class RouteShowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var gateway = RouteCommand.GatewayOption();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show every service's route (production, canary and weight, shadow) and backend health, from a running gateway.")
        {
            gateway, json,
        };
        command.SetAction(parse => Run(env, parse.GetValue(gateway)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(CliEnvironment env, string gateway, bool json)
    {
        using var client = new GatewayClient(gateway);
        var (status, body, text) = client.Send(HttpMethod.Get, "/admin/routes");
        using (body)
        {
            if (status != HttpStatusCode.OK || body is null || !body.RootElement.TryGetProperty("services", out var services))
            {
                throw new UserInputException($"the gateway at {client.Gateway} answered {(int)status} to GET /admin/routes: {RouteCommand.Cut(text)}");
            }

            if (json)
            {
                RouteOutput.Json(env, body);
            }
            else
            {
                RouteOutput.Table(env, client.Gateway, body.RootElement.GetProperty("revision").GetInt64(), services.EnumerateArray());
            }
        }

        return ExitCodes.Success;
    }
}

using System.CommandLine;
using System.Net;
using System.Text.Json;

namespace Warden.Cli.Route;

/// <summary>
/// <c>warden route set SERVICE [--production V] [--shadow V | --no-shadow] [--canary V] [--weight PCT | --no-canary]</c>:
/// changes one service's route on a running gateway; what is not named stays as it is.
/// </summary>
internal static class RouteSetCommand
{
    public static Command Create(CliEnvironment env)
    {
        var service = new Argument<string>("service") { Description = "The service whose route changes (the first path segment clients use)." };
        var production = new Option<string?>("--production") { Description = "Version that serves production traffic." };
        var shadow = new Option<string?>("--shadow") { Description = "Version that receives a mirrored copy of production traffic (its answers never reach clients)." };
        var noShadow = new Option<bool>("--no-shadow") { Description = "Stop mirroring." };
        var canary = new Option<string?>("--canary") { Description = "Version that receives a sticky share of live traffic; a new canary needs --weight." };
        var weight = new Option<double?>("--weight")
        {
            Description = "Canary share in percent, 0–100, 0.01 resolution (e.g. 5 or 12.5).",
            CustomParser = ParseWeight,
        };
        var noCanary = new Option<bool>("--no-canary") { Description = "Remove the canary: all live traffic to production." };
        var gateway = RouteCommand.GatewayOption();
        var json = CommonOptions.Json();
        var command = new Command("set", "Change one service's route on a running gateway without a restart; the change applies to the next request.")
        {
            service, production, shadow, noShadow, canary, weight, noCanary, gateway, json,
        };
        command.SetAction(parse => Run(
            env,
            parse.GetValue(service)!,
            Body(parse.GetValue(production), parse.GetValue(shadow), parse.GetValue(noShadow), parse.GetValue(canary), parse.GetValue(weight), parse.GetValue(noCanary)),
            parse.GetValue(gateway)!,
            parse.GetValue(json)));
        return command;
    }

    private static double? ParseWeight(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"--weight: '{text}' is not a number; give a percentage between 0 and 100, e.g. 5 or 12.5.");
        return null;
    }

    /// <summary>The PUT body for the options given; refuses contradictions before anything is sent.</summary>
    internal static string Body(string? production, string? shadow, bool noShadow, string? canary, double? weight, bool noCanary)
    {
        if (shadow is not null && noShadow)
        {
            throw new UserInputException("--shadow and --no-shadow contradict each other; give one.");
        }

        if (noCanary && (canary is not null || weight is not null))
        {
            throw new UserInputException("--no-canary removes the canary; it cannot be combined with --canary or --weight.");
        }

        if (production is null && shadow is null && !noShadow && canary is null && weight is null && !noCanary)
        {
            throw new UserInputException("nothing to change; give at least one of --production, --shadow, --no-shadow, --canary, --weight, --no-canary.");
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (production is not null)
            {
                writer.WriteString("production", production);
            }

            if (shadow is not null || noShadow)
            {
                writer.WriteString("shadow", shadow);
            }

            if (canary is not null || noCanary)
            {
                writer.WriteString("canary", canary);
            }

            if (weight is { } w)
            {
                writer.WriteNumber("canary_weight", w);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int Run(CliEnvironment env, string service, string body, string gateway, bool json)
    {
        using var client = new GatewayClient(gateway);
        var (status, document, text) = client.Send(HttpMethod.Put, $"/admin/routes/{Uri.EscapeDataString(service)}", body);
        using (document)
        {
            var root = document?.RootElement;
            switch (status)
            {
                case HttpStatusCode.OK when root is { } ok && ok.TryGetProperty("route", out var route):
                    if (json)
                    {
                        RouteOutput.Json(env, document!);
                    }
                    else
                    {
                        RouteOutput.Table(env, client.Gateway, ok.GetProperty("revision").GetInt64(), [route]);
                    }

                    return ExitCodes.Success;
                case HttpStatusCode.BadRequest when root is { } bad && bad.TryGetProperty("problems", out var problems):
                    env.Error.WriteLine($"error: the gateway refused the change to '{service}':");
                    foreach (var problem in problems.EnumerateArray())
                    {
                        var field = problem.GetProperty("field").GetString();
                        var message = problem.GetProperty("message").GetString();
                        env.Error.WriteLine(string.IsNullOrEmpty(field) ? $"error: {message}" : $"error: {field}: {message}");
                    }

                    return ExitCodes.BadInput;
                case HttpStatusCode.NotFound when root is { } missing && missing.TryGetProperty("error", out var error):
                    throw new UserInputException(error.GetString() ?? $"unknown service '{service}'");
                default:
                    throw new UserInputException($"the gateway at {client.Gateway} answered {(int)status} to PUT /admin/routes/{service}: {RouteCommand.Cut(text)}");
            }
        }
    }
}

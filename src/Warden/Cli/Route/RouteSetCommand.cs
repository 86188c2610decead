using System.CommandLine;
using System.Net;
using System.Text.Json;
using Warden.Audit;

namespace Warden.Cli.Route;

/// <summary>
/// <c>warden route set SERVICE [--production V [--override --reason R | --deployment ID]] [--shadow V | --no-shadow] [--canary V] [--weight PCT | --no-canary] [--reason R]</c>:
/// changes one service's route on a running gateway; what is not named stays as it is. The gateway
/// records every change in the audit log, and a new production needs a GO verdict or an override.
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
        var overrideOption = new Option<bool>("--override") { Description = "Move production without a GO verdict (needs --reason; recorded as an override)." };
        var reason = new Option<string?>("--reason") { Description = "Why; required with --override, recorded with any change." };
        var deployment = new Option<string?>("--deployment") { Description = "Deployment id whose recorded GO verdict a new --production rests on, when several exist." };
        var actor = new Option<string?>("--actor") { Description = "Who makes the change, as the audit log records it (default $WARDEN_ACTOR, else user@host); sent as X-Warden-Actor and recorded as claimed." };
        var gateway = RouteCommand.GatewayOption();
        var json = CommonOptions.Json();
        var command = new Command(
            "set",
            "Change one service's route on a running gateway without a restart; the change is audited, then applies to the next request. A new --production needs a recorded GO verdict judged against the current one (or --override --reason).")
        {
            service, production, shadow, noShadow, canary, weight, noCanary, overrideOption, reason, deployment, actor, gateway, json,
        };
        command.SetAction(parse => Run(
            env,
            parse.GetValue(service)!,
            Body(
                new Change(parse.GetValue(production), parse.GetValue(shadow), parse.GetValue(noShadow), parse.GetValue(canary), parse.GetValue(weight), parse.GetValue(noCanary)),
                new Grounds(parse.GetValue(overrideOption), parse.GetValue(reason), parse.GetValue(deployment))),
            parse.GetValue(gateway)!,
            AuditActor.Resolve(parse.GetValue(actor)),
            parse.GetValue(json)));
        return command;
    }

    /// <summary>What the options ask to change.</summary>
    internal sealed record Change(string? Production, string? Shadow, bool NoShadow, string? Canary, double? Weight, bool NoCanary);

    /// <summary>What the change rests on: an override, a reason, a deployment's GO verdict.</summary>
    internal sealed record Grounds(bool Override = false, string? Reason = null, string? Deployment = null);

    // The admin API words its fixes for API callers; this command's options say the same thing.
    private static string? ForCommandLine(string? message) => message?
        .Replace("\"override\": true and a \"reason\" in the body", "--override --reason \"...\"", StringComparison.Ordinal)
        .Replace("\"deployment\": \"ID\" in the body", "--deployment ID", StringComparison.Ordinal)
        .Replace("\"override\": true needs a \"reason\"", "--override needs --reason \"...\"", StringComparison.Ordinal)
        .Replace("drop \"override\"", "drop --override", StringComparison.Ordinal)
        .Replace("drop \"deployment\"", "drop --deployment", StringComparison.Ordinal);

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
    internal static string Body(Change change, Grounds grounds)
    {
        var (production, shadow, noShadow, canary, weight, noCanary) = change;
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

            if (grounds.Reason is not null)
            {
                writer.WriteString("reason", grounds.Reason);
            }

            if (grounds.Override)
            {
                writer.WriteBoolean("override", true);
            }

            if (grounds.Deployment is not null)
            {
                writer.WriteString("deployment", grounds.Deployment);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int Run(CliEnvironment env, string service, string body, string gateway, string actor, bool json)
    {
        using var client = new GatewayClient(gateway);
        var (status, document, text) = client.Send(HttpMethod.Put, $"/admin/routes/{Uri.EscapeDataString(service)}", body, actor);
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
                        if (ok.TryGetProperty("audit_event", out var recorded) && recorded.GetString() is { } id)
                        {
                            env.Out.WriteLine($"recorded as {id}");
                        }
                    }

                    return ExitCodes.Success;
                case HttpStatusCode.BadRequest or HttpStatusCode.Conflict when root is { } bad && bad.TryGetProperty("problems", out var problems):
                    env.Error.WriteLine($"error: the gateway refused the change to '{service}':");
                    foreach (var problem in problems.EnumerateArray())
                    {
                        var field = problem.GetProperty("field").GetString();
                        var message = ForCommandLine(problem.GetProperty("message").GetString());
                        env.Error.WriteLine(string.IsNullOrEmpty(field) ? $"error: {message}" : $"error: {field}: {message}");
                    }

                    return ExitCodes.BadInput;
                case HttpStatusCode.NotFound when root is { } missing && missing.TryGetProperty("error", out var error):
                    throw new UserInputException(error.GetString() ?? $"unknown service '{service}'");
                case HttpStatusCode.ServiceUnavailable when root is { } failed && failed.TryGetProperty("error", out var failure):
                    throw new UserInputException(failure.GetString() ?? $"the gateway did not apply the change to '{service}'");
                default:
                    throw new UserInputException($"the gateway at {client.Gateway} answered {(int)status} to PUT /admin/routes/{service}: {RouteCommand.Cut(text)}");
            }
        }
    }
}

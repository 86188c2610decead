using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Warden.Api;
using Warden.Cli.Output;
using Warden.Core.Reports;

namespace Warden.Cli.Remote;

/// <summary>
/// <c>--server URL</c> (or <c>WARDEN_SERVER</c>): the command runs on a remote <c>warden serve</c>
/// through its REST API, with the token in <c>WARDEN_TOKEN</c>, and prints what the server's run of
/// the same command printed, with its exit code (docs/api.md). The call is the endpoint of
/// <see cref="ApiEndpoints.All"/> whose command this is; the command's arguments fill its path and
/// the options the user gave become its parameters. Options that only mean something locally
/// (<c>--data-dir</c>, <c>--actor</c>, <c>--config</c>) are refused: the server's apply, and the
/// actor is the token's name.
/// </summary>
internal static class RemoteRun
{
    /// <summary>The environment variable naming the server, when <c>--server</c> is not given.</summary>
    public const string ServerVariable = "WARDEN_SERVER";

    /// <summary>The environment variable holding the API token (never an option: a command line is visible to every user of the machine).</summary>
    public const string TokenVariable = "WARDEN_TOKEN";

    /// <summary>The option's name.</summary>
    public const string OptionName = "--server";

    /// <summary>A new <c>--server</c> option, for the root of a command tree (it reaches every command).</summary>
    public static Option<string?> CreateOption() => new(OptionName)
    {
        Description = $"Run the command on a remote 'warden serve' through its REST API (its admin listener, e.g. http://127.0.0.1:8079), with the token in ${TokenVariable}; default ${ServerVariable}. The output and exit code are the server's run of the same command (docs/api.md).",
        Recursive = true,
    };

    // One handler per process: its connections are reused by every call the process makes.
    private static readonly SocketsHttpHandler Handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>Runs the parsed command remotely when a server is named; null when it runs here.</summary>
    public static async Task<int?> TryRunAsync(ParseResult parse, CliEnvironment env, CancellationToken cancellationToken)
    {
        var explicitServer = parse.GetValue<string?>(OptionName);
        var server = explicitServer ?? env.Variable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            return null;
        }

        // Help and version are this program's own, wherever its commands run.
        if (parse.CommandResult.Children.OfType<OptionResult>().Any(o => o.Option is HelpOption or VersionOption) || parse.RootCommandResult.Children.OfType<OptionResult>().Any(o => o.Option is HelpOption or VersionOption))
        {
            return null;
        }

        var words = new List<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            words.Insert(0, result.Command.Name);
        }

        var name = string.Join(' ', words);
        var arguments = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens.Select(t => t.Value)).ToList();
        var routes = ApiEndpoints.All.Where(r => r.Command == name).ToList();
        if (routes.Count == 0)
        {
            // WARDEN_SERVER is ambient (like KUBECONFIG): a command with no endpoint (serve, eval, stats) runs here; an explicit --server is a mistake to say.
            return explicitServer is null ? null : Fail(env, $"'warden {name}' runs only locally: it has no API endpoint (docs/api.md lists them). Drop --server.");
        }

        var route = routes.FirstOrDefault(r => r.Parameters.Count == arguments.Count) ?? routes[0];
        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            return Fail(env, $"--server '{server}' is not an http(s) URL; give the admin listener of 'warden serve', e.g. http://127.0.0.1:8079.");
        }

        var token = env.Variable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            return Fail(env, $"--server needs a token in ${TokenVariable}: ask the server's admin for one ('warden token create --name NAME --role ROLE' on the server).");
        }

        var options = new List<(string Name, string Value)>();
        foreach (var given in parse.CommandResult.Children.OfType<OptionResult>().Where(o => !o.Implicit && o.Option.Name != OptionName))
        {
            var key = given.Option.Name.TrimStart('-');
            if (key != "json" && !route.Options.Contains(key, StringComparer.Ordinal) && !route.StreamOptions.Contains(key, StringComparer.Ordinal))
            {
                return Fail(env, LocalOnly(given.Option.Name, name));
            }

            if (given.Option.ValueType == typeof(bool))
            {
                options.Add((key, given.GetValueOrDefault<bool>() ? "true" : "false"));
            }
            else
            {
                options.AddRange(given.Tokens.Select(t => (key, t.Value)));
            }
        }

        var path = route.Path.TrimStart('/');
        for (var i = 0; i < route.Parameters.Count; i++)
        {
            path = path.Replace("{" + route.Parameters[i] + "}", Uri.EscapeDataString(i < arguments.Count ? arguments[i] : ""), StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(baseUri, path + (route.Method == "GET" ? Query(options) : "")));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        request.Headers.Accept.ParseAdd(CommandEndpoint.StreamMediaType);
        if (route.Method != "GET")
        {
            var body = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var group in options.GroupBy(o => o.Name))
            {
                var values = group.Select(o => o.Value).ToList();
                body[group.Key] = values.Count == 1 ? values[0] : values;
            }

            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var client = new HttpClient(Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return Fail(env, $"cannot reach the Warden server at {baseUri}: {ex.Message}. Is 'warden serve' running there, and is this its admin listener (gateway.admin.urls)?");
        }

        using (response)
        {
            var type = response.Content.Headers.ContentType?.MediaType;
            if (type == CommandEndpoint.StreamMediaType)
            {
                return await PrintAsync(env, response, cancellationToken).ConfigureAwait(false);
            }

            var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

            // Refused before the command ran: no token, a role too small, too many failures, or not this API at all.
            var detail = type == "application/problem+json" && JsonDocument.Parse(content).RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return Fail(env, detail is null
                ? $"{baseUri} answered {(int)response.StatusCode} {response.ReasonPhrase} to {route.Method} /{path}; is it the admin listener of 'warden serve'?"
                : $"the server refused {route.Method} /{path} ({(int)response.StatusCode}): {detail}");
        }
    }

    // Prints the command's output as the server sends it; its exit code ends the stream.
    private static async Task<int> PrintAsync(CliEnvironment env, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped here (a follow or a watch): 130, as a shell reports a command ended by Ctrl-C.
                return 130;
            }

            if (line is null)
            {
                break;
            }

            var piece = JsonSerializer.Deserialize<CommandEndpoint.StreamLine>(line, JsonOutput.Options);
            if (piece?.Exit is { } exit)
            {
                return exit;
            }

            var (writer, text) = piece?.Out is { } o ? (env.Out, o) : (env.Error, piece?.Err ?? "");
            writer.Write(text);
            writer.Flush();
        }

        return Fail(env, "the server ended the answer before the command did (no exit code); see the server's log, and run the command again.");
    }

    private static string LocalOnly(string option, string command) => option switch
    {
        "--data-dir" or "--lock-timeout" => $"{option} is not used with --server: the command runs on the server's store.",
        "--actor" => "--actor is not used with --server: the server records the token's name as the actor.",
        "--config" or "--policy" => $"{option} is not used with --server: the server's warden.yaml applies.",
        _ => $"{option} is not available with --server for 'warden {command}' (docs/api.md); run it locally or drop the option.",
    };

    private static string Query(List<(string Name, string Value)> options) =>
        options.Count == 0 ? "" : "?" + string.Join('&', options.Select(o => $"{Uri.EscapeDataString(o.Name)}={Uri.EscapeDataString(o.Value)}"));

    private static int Fail(CliEnvironment env, string message)
    {
        env.Error.WriteLine($"error: {TerminalText.VisibleLines(message)}");
        return ExitCodes.BadInput;
    }
}

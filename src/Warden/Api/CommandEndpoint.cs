using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Warden.Cli;
using Warden.Core.Reports;
using Warden.Storage;

namespace Warden.Api;

/// <summary>
/// Runs the CLI command behind an endpoint (<see cref="ApiRoute.Command"/>) inside the server, on
/// the server's store, under the token's name, and answers what it printed. The command is the
/// same code as <c>warden COMMAND</c>, so the API and the CLI cannot drift: the same checks, the
/// same refusal wording, the same JSON. Kubernetes' API server prints tables for kubectl the same
/// way (server-side printing).
/// <para>
/// Only what the route names reaches the command: its path parameters as arguments (after
/// <c>--</c>, so a value is never read as an option) and the options in <see cref="ApiRoute.Options"/>
/// as <c>--name=value</c>. The data directory, the actor (the token's name) and warden.yaml are the
/// server's, set here; a call cannot name them.
/// </para>
/// <para>
/// Three representations, by <c>Accept</c>: <c>application/json</c> (the default) is the command's
/// <c>--json</c> output; <c>text/plain</c> its text; <see cref="RunMediaType"/> (what <c>--server</c>
/// asks for) an object with the exit code and both streams, so the CLI prints exactly what it would
/// locally. A failure is a problem document (400 bad input, 404 unknown, 409 refused by the state,
/// 503 the store) with the CLI's message and its <c>exit</c> code.
/// </para>
/// </summary>
internal sealed partial class CommandEndpoint(IWardenStore store, CommandEndpointOptions options, TimeProvider time)
{
    /// <summary>The representation the CLI's <c>--server</c> mode asks for: <c>{ exit, stdout, stderr }</c>.</summary>
    public const string RunMediaType = "application/vnd.warden.run+json";

    /// <summary>
    /// The streaming representation <c>--server</c> asks for: one JSON object per line as the command
    /// writes, <c>{"out": TEXT}</c> or <c>{"err": TEXT}</c>, then <c>{"exit": N}</c>. Long commands
    /// (a drill, a cycle run) show their progress, and <c>--follow</c>/<c>--watch</c> work remotely.
    /// </summary>
    public const string StreamMediaType = "application/vnd.warden.run-stream+jsonl";

    /// <summary>The response header holding the command's exit code (0, or 3–6 for a verdict or a failed verification).</summary>
    public const string ExitHeader = "Warden-Exit-Code";

    // Command trees with their writers, per top-level command, each used by one call at a time:
    // building a tree and its console costs more than most commands' own work, so calls reuse them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<Runner>> _idle = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="route"/>'s command for <paramref name="context"/>'s request.</summary>
    public async Task<IResult> RunAsync(ApiRoute route, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(context);
        var accept = context.Request.Headers.Accept.ToString();
        var streaming = accept.Contains(StreamMediaType, StringComparison.OrdinalIgnoreCase);
        var run = streaming || accept.Contains(RunMediaType, StringComparison.OrdinalIgnoreCase);
        var text = !run && accept.Contains("text/plain", StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase);

        var given = await ReadOptionsAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (given.Problem is { } problem)
        {
            return ApiProblems.BadInput(problem);
        }

        var allowed = streaming ? [.. route.Options, .. route.StreamOptions, "json"] : run ? [.. route.Options, "json"] : route.Options;
        var unknown = given.Values.Keys.Where(k => !allowed.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return ApiProblems.BadInput(
                $"{route.Method} {route.Path} does not take '{unknown[0]}'" + (allowed.Count == 0 ? "." : $"; it takes {string.Join(", ", allowed)}."));
        }

        var caller = ApiAccess.Caller(context);
        if (!run && !text && route.Read is { } read)
        {
            return await ReadAsync(read, context, cancellationToken).ConfigureAwait(false);
        }

        if (await ApiRules.CheckAsync(route, caller, context.Request.RouteValues, given.Values, store, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var words = route.Command!.Split(' ');
        if (streaming)
        {
            // A tree of its own over writers that send as the command writes (not pooled: a stream can last).
            var channel = System.Threading.Channels.Channel.CreateUnbounded<(bool Error, string Text)>();
            using var output = new ChannelWriterText(channel.Writer, error: false);
            using var error = new ChannelWriterText(channel.Writer, error: true);
            var env = CliEnvironment.Plain(output, error, time) with { HostedStore = store, Variable = _ => null };
            var tree = WardenCli.Build(env, words[0]);
            var (streamed, wrong) = Arguments(route, context, run, text: false, given.Values, caller, words, tree);
            if (streamed is null)
            {
                return ApiProblems.BadInput(wrong!);
            }

            return await StreamAsync(context, channel, () => WardenCli.RunAsync(tree, [.. streamed], env, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var idle = _idle.GetOrAdd(words[0], _ => []);
        var runner = idle.TryTake(out var free) ? free : new Runner(store, time, words[0]);
        try
        {
            return await RunAsync(route, context, run, text, given.Values, caller, words, runner, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            runner.Reset();
            idle.Add(runner);
        }
    }

    private async Task<IResult> RunAsync(
        ApiRoute route, HttpContext context, bool run, bool text, Dictionary<string, List<string>> given, ApiCaller caller, string[] words, Runner runner, CancellationToken cancellationToken)
    {
        var (args, problem) = Arguments(route, context, run, text, given, caller, words, runner.Tree);
        if (args is null)
        {
            return ApiProblems.BadInput(problem!);
        }

        var exit = await WardenCli.RunAsync(runner.Tree, [.. args], runner.Env, cancellationToken).ConfigureAwait(false);
        var (output, error, failure) = (runner.Output, runner.Error, runner.Failure);
        context.Response.Headers[ExitHeader] = exit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = failure is not null ? StatusOf(failure.Kind)
            : exit == ExitCodes.BadInput ? StatusCodes.Status400BadRequest
            : exit == ExitCodes.InternalError ? StatusCodes.Status500InternalServerError
            : StatusCodes.Status200OK;
        if (run)
        {
            return Results.Json(new RunJson(exit, output.ToString(), error.ToString()), JsonOutput.Options, RunMediaType, status);
        }

        if (route.AnswersFile && status == StatusCodes.Status200OK && exit == ExitCodes.VerificationFailed)
        {
            status = StatusCodes.Status409Conflict;
        }

        if (status != StatusCodes.Status200OK)
        {
            // The failure's own lines (a note printed before it is not part of the problem).
            var lines = failure?.Lines ?? error.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
            return Problem(status, lines, exit);
        }

        return Results.Text(output.ToString(), text ? "text/plain; charset=utf-8" : route.AnswersFile ? FileMediaType(route, context) : "application/json; charset=utf-8");
    }

    // The command line the server runs: the route's words, the call's options as --name=value (a
    // flag only when true), --json for the JSON representation, the server's own options, then
    // '--' and the path parameters; or the problem when a flag's value is not true or false.
    private (List<string>? Args, string? Problem) Arguments(
        ApiRoute route, HttpContext context, bool run, bool text, Dictionary<string, List<string>> given, ApiCaller caller, string[] words, System.CommandLine.RootCommand tree)
    {
        var command = Find(tree, words);
        var args = new List<string>(words);
        foreach (var (name, values) in given)
        {
            foreach (var value in values)
            {
                if (command.Options.FirstOrDefault(o => o.Name == "--" + name) is { ValueType: var type } && (type == typeof(bool) || type == typeof(bool?)))
                {
                    if (value is not ("true" or "false"))
                    {
                        return (null, $"{name}={value}: give true or false.");
                    }

                    if (value == "true")
                    {
                        args.Add("--" + name);
                    }
                }
                else
                {
                    args.Add($"--{name}={value}");
                }
            }
        }

        if (!run && !text && Has(command, "--json"))
        {
            args.Add("--json");
        }

        AddServer(args, command, "--data-dir", options.DataDirectory);
        AddServer(args, command, "--actor", caller.Name);
        AddServer(args, command, "--config", options.ConfigPath);
        AddServer(args, command, "--policy", options.ConfigPath);
        foreach (var (option, value) in options.Extra(route.Command!))
        {
            AddServer(args, command, option, value);
        }

        args.Add("--");
        args.AddRange(route.Parameters.Select(p => Convert.ToString(context.Request.RouteValues[p], System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        return (args, null);
    }

    // A route's direct JSON read (ApiRoute.Read): the same JSON and refusals as its command's --json.
    private async Task<IResult> ReadAsync(Func<ApiRead, Task<object>> read, HttpContext context, CancellationToken cancellationToken)
    {
        string Path(string name) => Convert.ToString(context.Request.RouteValues[name], System.Globalization.CultureInfo.InvariantCulture) ?? "";
        try
        {
            var answer = await read(new ApiRead(store, options.Policy, Path, cancellationToken, options.Evidence)).ConfigureAwait(false);
            context.Response.Headers[ExitHeader] = "0";
            return Results.Text(JsonSerializer.Serialize(answer, answer.GetType(), JsonOutput.Options) + Environment.NewLine, "application/json; charset=utf-8");
        }
        catch (Exception ex) when (ex is Warden.Rollouts.RolloutRefusal or Warden.Registry.RegistryRefusal or UserInputException or StoreException)
        {
            var failure = CliFailure.Of(ex);
            context.Response.Headers[ExitHeader] = failure.Exit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(StatusOf(failure.Kind), failure.Lines, failure.Exit);
        }
    }

    // The media type of the file an AnswersFile route prints, by its name's extension.
    private static string FileMediaType(ApiRoute route, HttpContext context) =>
        Convert.ToString(context.Request.RouteValues[route.Parameters[^1]], System.Globalization.CultureInfo.InvariantCulture) is { } name && name.EndsWith(".md", StringComparison.Ordinal)
            ? "text/markdown; charset=utf-8"
            : "application/json; charset=utf-8";

    private static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.BadInput => StatusCodes.Status400BadRequest,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Refused => StatusCodes.Status409Conflict,
        FailureKind.Store => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    // The CLI's error lines as the problem's detail, without their "error: " prefix, and its exit code.
    private static IResult Problem(int status, IEnumerable<string> lines, int exit) =>
        ApiProblems.Of(
            status,
            Title(status),
            string.Join('\n', lines.Select(l => l.StartsWith("error: ", StringComparison.Ordinal) ? l[7..] : l)),
            new Dictionary<string, object?> { ["exit"] = exit });

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad input",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Refused",
        StatusCodes.Status503ServiceUnavailable => "Store unavailable",
        _ => "Internal error",
    };

    private static Command Find(RootCommand tree, string[] words)
    {
        Command command = tree;
        foreach (var word in words)
        {
            command = command.Subcommands.Single(c => c.Name == word);
        }

        return command;
    }

    private static bool Has(Command command, string option) => command.Options.Any(o => o.Name == option);

    private static void AddServer(List<string> args, Command command, string option, string? value)
    {
        if (value is not null && Has(command, option))
        {
            args.Add($"{option}={value}");
        }
    }

    // GET: the query string; POST: a JSON object whose members are strings, numbers, booleans or arrays of them.
    private static async Task<(Dictionary<string, List<string>> Values, string? Problem)> ReadOptionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, strings) in request.Query)
        {
            values[key] = [.. strings.Select(s => s ?? "")];
        }

        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return (values, null);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (values, $"the body is not JSON ({ex.Message}); send an object of the options, e.g. {{\"reason\": \"...\"}}.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (values, "the body must be a JSON object of the options, e.g. {\"reason\": \"...\"}.");
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                var items = member.Value.ValueKind == JsonValueKind.Array ? member.Value.EnumerateArray().ToList() : [member.Value];
                var list = values.TryGetValue(member.Name, out var existing) ? existing : values[member.Name] = [];
                foreach (var item in items)
                {
                    switch (item.ValueKind)
                    {
                        case JsonValueKind.String:
                            list.Add(item.GetString()!);
                            break;
                        case JsonValueKind.Number:
                            list.Add(item.GetRawText());
                            break;
                        case JsonValueKind.True or JsonValueKind.False:
                            list.Add(item.GetBoolean() ? "true" : "false");
                            break;
                        default:
                            return (values, $"'{member.Name}' must be a string, a number, true/false or an array of them.");
                    }
                }
            }
        }

        return (values, null);
    }

    internal sealed record RunJson(int Exit, string Stdout, string Stderr);

    // One top-level command's tree over its own writers, on the server's store.
    private sealed class Runner
    {
        public Runner(IWardenStore store, TimeProvider time, string group)
        {
            Env = CliEnvironment.Plain(Output, Error, time) with { HostedStore = store, Failure = f => Failure = f, Variable = _ => null };
            Tree = WardenCli.Build(Env, group);
        }

        public StringWriter Output { get; } = new(System.Globalization.CultureInfo.InvariantCulture);

        public StringWriter Error { get; } = new(System.Globalization.CultureInfo.InvariantCulture);

        public CliFailure? Failure { get; private set; }

        public CliEnvironment Env { get; }

        public System.CommandLine.RootCommand Tree { get; }

        public void Reset()
        {
            Output.GetStringBuilder().Clear();
            Error.GetStringBuilder().Clear();
            Failure = null;
        }
    }
}

/// <summary>What the server sets for every command the API runs.</summary>
internal sealed record CommandEndpointOptions
{
    /// <summary>The server's data directory (<c>--data-dir</c>): reports land under it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The server's warden.yaml (<c>--config</c>), or null when it runs without one.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The policy the server runs with (its warden.yaml's <c>policy:</c>), for direct reads (<see cref="ApiRoute.Read"/>).</summary>
    public Warden.Core.Policy.VerdictPolicy Policy { get; init; } = new();

    /// <summary>Where a canary step's measurements come from for direct reads (warden.yaml <c>evidence:</c>); null for the gateway's telemetry windows.</summary>
    public Warden.Rollouts.ITrafficEvidence? Evidence { get; init; }

    /// <summary>Server-side options of particular commands, e.g. the drill's own gateway addresses.</summary>
    public Func<string, IEnumerable<(string Option, string Value)>> Extra { get; init; } = _ => [];
}

using System.CommandLine;
using System.CommandLine.Parsing;
using Warden.Core.Configuration;

namespace Warden.Cli;

/// <summary>
/// What is wrong with a command line, in the user's terms: the parser's errors with .NET type
/// names replaced by what was expected, and mistyped options that the parser took for file
/// arguments (<c>stats --jsn</c>). One place, so every command gets the same messages.
/// </summary>
internal static class UsageProblems
{
    public static IReadOnlyList<string> Of(ParseResult parse)
    {
        var problems = new List<string>();

        // After '--' every word is an argument by request (the API passes path values so).
        var literal = parse.Tokens.Any(t => t.Type == TokenType.DoubleDash);
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>().Where(_ => !literal))
        {
            foreach (var token in argument.Tokens)
            {
                if (IsMistypedOption(token.Value))
                {
                    problems.Add(UnknownOption(token.Value, parse.CommandResult.Command));
                }
            }
        }

        foreach (var error in parse.Errors)
        {
            problems.Add(Describe(error));
        }

        return problems;
    }

    // A path starting with "--" that names nothing on disk is an option the parser did not know;
    // a file really named so is still readable (and ./--name always is).
    private static bool IsMistypedOption(string value) =>
        value.Length > 2 && value.StartsWith("--", StringComparison.Ordinal) && !File.Exists(value) && !Directory.Exists(value);

    private static string UnknownOption(string typed, Command command)
    {
        var known = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        var name = typed.Split('=', 2)[0];
        var suggestion = KeySuggestion.Closest(name, known);
        return suggestion is null ? $"unknown option '{name}'" : $"unknown option '{name}'; did you mean '{suggestion}'?";
    }

    // "Cannot parse argument 'abc' for option '--x' as expected type 'System.Nullable`1[System.Double]'"
    // names a .NET type; say what kind of value the option takes instead.
    private static string Describe(ParseError error)
    {
        var (option, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option, a.Tokens),
            _ => (null, null),
        };
        if (option is null || tokens is null || tokens.Count == 0
            || !error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return error.Message;
        }

        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        var kind = type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number"
            : type == typeof(int) || type == typeof(long) || type == typeof(short) ? "a whole number"
            : null;
        return kind is null ? error.Message : $"{option.Name}: '{tokens[^1].Value}' is not {kind}.";
    }
}

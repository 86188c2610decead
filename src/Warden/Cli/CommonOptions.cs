using System.CommandLine;

namespace Warden.Cli;

/// <summary>Options several commands share, so they are spelled and described once.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Write the result as JSON on standard output instead of a table.",
    };

    public static Option<bool> Lenient() => new("--lenient")
    {
        Description = "Skip bad lines instead of failing on the first one; they are counted and up to 20 are shown.",
    };

    public static Option<double> Confidence()
    {
        var option = new Option<double>("--confidence")
        {
            Description = "Confidence level of every interval.",
            DefaultValueFactory = _ => 0.95,
        };
        Check(option, value => value > 0.5 && value < 1 ? null : $"--confidence must be between 0.5 and 1 (exclusive), e.g. 0.95; got {value}.");
        return option;
    }

    public static Option<int> Resamples()
    {
        var option = new Option<int>("--resamples")
        {
            Description = "Bootstrap resamples for confidence intervals of differences.",
            DefaultValueFactory = _ => 2000,
        };
        Check(option, value => value is < 100 or > 1_000_000 ? $"--resamples must be between 100 and 1000000; got {value}." : null);
        return option;
    }

    /// <summary>
    /// Adds a range check to <paramref name="option"/>; <paramref name="problem"/> returns the
    /// message, or null when the value is fine. It runs only on a value that parsed: a token such
    /// as 'abc' is already reported by the parser (see <see cref="UsageProblems"/>), and asking
    /// for its value would throw instead.
    /// </summary>
    public static void Check<T>(Option<T> option, Func<T, string?> problem)
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }

            if (problem(value) is { } message)
            {
                result.AddError(message);
            }
        });
    }

    public static Option<int> Seed() => new("--seed")
    {
        Description = "Seed of the bootstrap's random source; the same seed gives the same intervals.",
        DefaultValueFactory = _ => 20261122,
    };
}

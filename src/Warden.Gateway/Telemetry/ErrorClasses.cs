namespace Warden.Gateway.Telemetry;

/// <summary>Maps <see cref="RequestOutcome.Error"/> strings to <see cref="ErrorClass"/> and back.</summary>
internal static class ErrorClasses
{
    /// <summary>Number of classes; arrays indexed by <see cref="ErrorClass"/> have this length.</summary>
    public const int Count = 7;

    private static readonly string[] Names = ["5xx", "timeout", "connect", "reset", "unhealthy", "client_aborted", "other"];

    /// <summary>The wire name of <paramref name="kind"/> (<c>5xx</c>, <c>timeout</c>, ...).</summary>
    public static string Name(ErrorClass kind) => Names[(int)kind];

    /// <summary>
    /// The class of a finished request, or null when it succeeded. A named error wins; with no
    /// error a 5xx status still counts (the backend answered, but with a server error); an error
    /// string outside the contract counts as <see cref="ErrorClass.Other"/> rather than vanishing.
    /// </summary>
    public static ErrorClass? Classify(string? error, int status)
    {
        if (error is null)
        {
            return status is >= 500 and <= 599 ? ErrorClass.Status5xx : null;
        }

        return error switch
        {
            "5xx" => ErrorClass.Status5xx,
            "timeout" => ErrorClass.Timeout,
            "connect" => ErrorClass.Connect,
            "reset" => ErrorClass.Reset,
            "unhealthy" => ErrorClass.Unhealthy,
            "client_aborted" => ErrorClass.ClientAborted,
            _ => ErrorClass.Other,
        };
    }

    /// <summary>Non-zero counts by wire name, in class order.</summary>
    public static IReadOnlyDictionary<string, long> ToDictionary(ReadOnlySpan<long> counts)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                result[Names[i]] = counts[i];
            }
        }

        return result;
    }
}

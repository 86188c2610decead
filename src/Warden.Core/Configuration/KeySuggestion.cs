namespace Warden.Core.Configuration;

/// <summary>Finds the known name a misspelt one was probably meant to be.</summary>
internal static class KeySuggestion
{
    /// <summary>Largest edit distance still offered as a suggestion; beyond it guesses mislead more than they help.</summary>
    public const int MaxDistance = 2;

    /// <summary>
    /// The candidate closest to <paramref name="typed"/> when it is at most <see cref="MaxDistance"/>
    /// edits away (ties go to the earlier candidate), otherwise null.
    /// </summary>
    public static string? Closest(string typed, IReadOnlyList<string> candidates)
    {
        string? best = null;
        var bestDistance = MaxDistance + 1;
        foreach (var candidate in candidates)
        {
            var d = Distance(typed, candidate);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return best;
    }

    /// <summary>
    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
    /// adjacent characters each cost 1, so <c>confidnece</c> is one edit from <c>confidence</c>.
    /// Case-insensitive, because <c>Confidence</c> for <c>confidence</c> is the same slip.
    /// </summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        // Three rows are enough: the swap looks two rows back.
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1
                    && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2])
                    && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    d = Math.Min(d, previous2[j - 2] + 1);
                }

                current[j] = d;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}

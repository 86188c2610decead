using Warden.Core.Configuration;

namespace Warden.Core.Tests.Configuration;

public sealed class KeySuggestionTests
{
    // Distances worked by hand. kitten/sitting is the textbook Levenshtein example (3);
    // ca/abc is the textbook case where optimal string alignment (3) differs from unrestricted
    // Damerau–Levenshtein (2), since OSA may not edit a swapped pair again.
    [Theory]
    [InlineData("p95_targt_ms", "p95_target_ms", 1)]
    [InlineData("confidnece", "confidence", 1)]
    [InlineData("Quorum", "quorum", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("sha265", "sha256", 1)]
    public void Distance_KnownPairs_MatchHandComputed(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggestion.Distance(a, b));
        Assert.Equal(expected, KeySuggestion.Distance(b, a));
    }

    [Theory]
    [InlineData("qorum", "quorum")]
    [InlineData("latncy", "latency")]
    [InlineData("ndgc", "ndcg")]
    [InlineData("minimum_sample", "minimum_samples")]
    [InlineData("servic", null)]
    [InlineData("roll_back", "rollback")]
    public void Closest_PolicyKeys_SuggestsWithinTwoEdits(string typed, string? expected)
    {
        string[] keys = ["confidence", "bootstrap", "minimum_samples", "ndcg", "latency", "quorum", "rollback"];

        Assert.Equal(expected, KeySuggestion.Closest(typed, keys));
    }

    [Fact]
    public void Closest_Tie_PrefersEarlierCandidate()
    {
        Assert.Equal("ac", KeySuggestion.Closest("ab", ["ac", "ad"]));
        Assert.Equal("ad", KeySuggestion.Closest("ab", ["ad", "ac"]));
    }
}

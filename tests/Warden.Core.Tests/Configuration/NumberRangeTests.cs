using Warden.Core.Configuration;

namespace Warden.Core.Tests.Configuration;

public sealed class NumberRangeTests
{
    // NumberRange is internal, so the theory rows carry an index into this table.
    private static readonly (NumberRange Range, string Text)[] Cases =
    [
        (new NumberRange { Min = 0.5, MinInclusive = false, Max = 1, MaxInclusive = false }, "a number greater than 0.5 and less than 1"),
        (new NumberRange { Min = 0, Max = 1 }, "a number from 0 to 1"),
        (new NumberRange { Min = -1, MinInclusive = false, Max = 1 }, "a number greater than -1 and at most 1"),
        (NumberRange.Above(0), "a number greater than 0"),
        (NumberRange.AtLeast(0), "a number of at least 0"),
        (new NumberRange { Max = 1, MaxInclusive = false }, "a number less than 1"),
        (new NumberRange { Max = 1 }, "a number of at most 1"),
        (NumberRange.WholeFrom(100, 1_000_000), "a whole number from 100 to 1000000"),
        (NumberRange.WholeAtLeast(1), "a whole number of at least 1"),
        (new NumberRange(), "a number"),
    ];

    public static TheoryData<int> CaseIndexes => [.. Enumerable.Range(0, Cases.Length)];

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Describe_ReadsAsEnglish(int index)
    {
        var (range, text) = Cases[index];

        Assert.Equal(text, range.Describe());
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(0.5000001, true)]
    [InlineData(0.9999999, true)]
    [InlineData(1.0, false)]
    public void Contains_ExclusiveBounds_ExcludeEdges(double value, bool inside)
    {
        var range = new NumberRange { Min = 0.5, MinInclusive = false, Max = 1, MaxInclusive = false };

        Assert.Equal(inside, range.Contains(value));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(1.0, true)]
    [InlineData(-1e-12, false)]
    [InlineData(1.0000001, false)]
    public void Contains_InclusiveBounds_IncludeEdges(double value, bool inside)
    {
        Assert.Equal(inside, new NumberRange { Min = 0, Max = 1 }.Contains(value));
    }
}

using Warden.Core.Telemetry;

namespace Warden.Core.Tests.Telemetry;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData("5xx", "5xx")]
    [InlineData("5xx,ok", "5xx,ok")]
    [InlineData("ok,5xx", "5xx,ok")]
    [InlineData("5xx,4xx", "4xx,5xx")]
    [InlineData(" 5XX , 429 ", "5xx,429")]
    [InlineData("429,5xx,OK,ok", "5xx,429,ok")]
    [InlineData("503,5xx", "5xx")]
    [InlineData("504,429,429", "429,504")]
    [InlineData("ok", "ok")]
    [InlineData("1xx", "1xx")]
    public void TryParse_ValidSpec_Normalizes(string spec, string normalized)
    {
        Assert.True(ErrorClassifier.TryParse(spec, out var classifier, out var error));

        Assert.Null(error);
        Assert.Equal(normalized, classifier.Spec);
        Assert.Equal(normalized, classifier.ToString());
    }

    [Theory]
    [InlineData("5xx,abc", "\"abc\" is not a status class, status code or ok")]
    [InlineData("6xx", "\"6xx\" is not a status class, status code or ok")]
    [InlineData("5xx,,ok", "an empty entry is not a status class, status code or ok")]
    [InlineData("700", "700 is not an HTTP status code (100–599)")]
    [InlineData("099", "99 is not an HTTP status code (100–599)")]
    [InlineData("ok:false", "\"ok:false\" is not a status class, status code or ok")]
    public void TryParse_BadSpec_NamesTokenAndAcceptedForms(string spec, string part)
    {
        Assert.False(ErrorClassifier.TryParse(spec, out var classifier, out var error));

        Assert.Null(classifier);
        Assert.Equal(
            $"Error spec \"{spec}\": {part}; expected a comma-separated list of status classes (1xx–5xx), status codes (100–599) and the word ok (ok:false counts as an error), e.g. 5xx,429,ok.",
            error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void TryParse_EmptySpec_Fails(string spec)
    {
        Assert.False(ErrorClassifier.TryParse(spec, out _, out var error));
        Assert.StartsWith("The error spec is empty; expected a comma-separated list", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsFiveHundredsAndOkFalse()
    {
        Assert.True(ErrorClassifier.TryParse("ok, 5xx", out var parsed, out _));

        Assert.Equal("5xx,ok", ErrorClassifier.Default.Spec);
        Assert.Equal(ErrorClassifier.Default, parsed);
        Assert.Equal(ErrorClassifier.Default.GetHashCode(), parsed.GetHashCode());
    }

    [Theory]
    // spec, status, ok (null = absent), expected
    [InlineData("5xx,ok", 200, null, false)]
    [InlineData("5xx,ok", 200, true, false)]
    [InlineData("5xx,ok", 200, false, true)]
    [InlineData("5xx,ok", 499, null, false)]
    [InlineData("5xx,ok", 500, null, true)]
    [InlineData("5xx,ok", 599, true, true)]
    [InlineData("5xx", 200, false, false)]
    [InlineData("5xx", 503, null, true)]
    [InlineData("5xx,429", 429, null, true)]
    [InlineData("5xx,429", 428, null, false)]
    [InlineData("4xx,5xx", 404, true, true)]
    [InlineData("4xx,5xx", 399, null, false)]
    [InlineData("ok", 500, null, false)]
    [InlineData("ok", 500, false, true)]
    [InlineData("1xx", 100, null, true)]
    [InlineData("5xx", 600, null, false)]
    [InlineData("5xx", -1, null, false)]
    public void IsError_Table(string spec, int status, bool? ok, bool expected)
    {
        Assert.True(ErrorClassifier.TryParse(spec, out var classifier, out _));
        var record = new RequestRecord(DateTimeOffset.UnixEpoch, "v1", 1, status, ok, null, null);

        Assert.Equal(expected, classifier.IsError(record));
    }
}

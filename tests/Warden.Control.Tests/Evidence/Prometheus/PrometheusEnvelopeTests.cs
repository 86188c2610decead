using Warden.Evidence.Prometheus;

namespace Warden.Control.Tests.Evidence.Prometheus;

/// <summary>The API's JSON envelope, from fixed answers in the shapes Prometheus 2.x sends.</summary>
public sealed class PrometheusEnvelopeTests
{
    private const string Endpoint = "http://127.0.0.1:9090/api/v1/query";

    [Fact]
    public void Parse_SuccessVector_GivesOneSamplePerSeries()
    {
        const string body = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"le":"0.005"},"value":[1765070400.5,"90"]},
              {"metric":{"le":"+Inf"},"value":[1765070400.5,"100"]}]}}
            """;

        var result = Parse(200, body);

        Assert.Equal(PrometheusQueryStatus.Samples, result.Status);
        Assert.Equal("vector", result.ResultType);
        Assert.Null(result.Reason);
        Assert.Equal([("0.005", 90.0), ("+Inf", 100.0)], result.Series.Select(s => (s.Labels["le"], s.Last)));
        Assert.Equal(DateTimeOffset.Parse("2025-12-07T01:20:00.5Z", System.Globalization.CultureInfo.InvariantCulture), result.Series[0].Samples[0].Time);
    }

    [Fact]
    public void Parse_SuccessMatrix_GivesEverySampleInOrder()
    {
        const string body = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"up","job":"warden-test"},"values":[[100,"1"],[101,"0"],[102,"1"]]}]}}
            """;

        var series = Assert.Single(Parse(200, body).Series);

        Assert.Equal("warden-test", series.Labels["job"]);
        Assert.Equal([1.0, 0.0, 1.0], series.Samples.Select(s => s.Value));
        Assert.Equal([100L, 101L, 102L], series.Samples.Select(s => s.Time.ToUnixTimeSeconds()));
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("1e-3", 0.001)]
    [InlineData("-0.25", -0.25)]
    public void Parse_SpecialValueStrings_KeepTheirMeaning(string text, double expected)
    {
        var body = $$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"{{{text}}}"]}]}}""";

        Assert.Equal(expected, Assert.Single(Parse(200, body).Series).Last);
    }

    [Fact]
    public void Parse_Scalar_GivesOneUnlabelledSeries()
    {
        var series = Assert.Single(Parse(200, """{"status":"success","data":{"resultType":"scalar","result":[7,"3.5"]}}""").Series);

        Assert.Empty(series.Labels);
        Assert.Equal(3.5, series.Last);
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[]}]}}""")]
    public void Parse_EmptyResult_IsNoDataNotSamples(string body)
    {
        var result = Parse(200, body);

        Assert.Equal(PrometheusQueryStatus.NoData, result.Status);
        Assert.Empty(result.Series);
        Assert.Equal("Prometheus at http://127.0.0.1:9090/api/v1/query has no data for the query", result.Reason);
    }

    [Fact]
    public void Parse_ErrorBadData_IsErroredWithTypeAndMessage()
    {
        const string body = """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"}""";

        var result = Parse(400, body);

        Assert.Equal(PrometheusQueryStatus.Errored, result.Status);
        Assert.Equal("bad_data", result.ErrorType);
        Assert.Equal(
            "Prometheus at http://127.0.0.1:9090/api/v1/query refused the query (HTTP 400, bad_data): invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis",
            result.Reason);
    }

    [Fact]
    public void Parse_Warnings_AreKeptOnSuccessAndError()
    {
        var ok = Parse(200, """{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["partial response"]}""");
        var failed = Parse(503, """{"status":"error","errorType":"timeout","error":"query timed out","warnings":["w1","w2"]}""");

        Assert.Equal(["partial response"], ok.Warnings.ToArray());
        Assert.Equal(["w1", "w2"], failed.Warnings.ToArray());
        Assert.Equal("timeout", failed.ErrorType);
    }

    [Theory]
    [InlineData(502, "<html>Bad Gateway</html>", "Prometheus at http://127.0.0.1:9090/api/v1/query answered HTTP 502 with a body that is not JSON: <html>Bad Gateway</html>")]
    [InlineData(503, "", "Prometheus at http://127.0.0.1:9090/api/v1/query answered HTTP 503 with a body that is not JSON: ")]
    [InlineData(500, """{"message":"oops"}""", """Prometheus at http://127.0.0.1:9090/api/v1/query answered HTTP 500 with status 'missing': {"message":"oops"}""")]
    public void Parse_NotAnEnvelope_IsErroredNamingTheUrl(int status, string body, string reason)
    {
        var result = Parse(status, body);

        Assert.Equal(PrometheusQueryStatus.Errored, result.Status);
        Assert.Null(result.ErrorType);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Parse_WrongShape_IsErroredNotThrown()
    {
        var result = Parse(200, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}""");

        Assert.Equal(PrometheusQueryStatus.Errored, result.Status);
        Assert.StartsWith("Prometheus at http://127.0.0.1:9090/api/v1/query answered HTTP 200 with JSON that is not a query result (sample value 'abc' is not a number)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnyOutcome_CarriesQueryAndProvenance()
    {
        var result = Parse(502, "down");

        Assert.Equal("up", result.Query);
        Assert.Equal("prom:75a288c0d689@2026-12-07T02:00:00Z", result.Provenance);
    }

    private static PrometheusQueryResult Parse(int status, string body) =>
        PrometheusEnvelope.Parse(Endpoint, status, body, "up", PrometheusProvenance.Of("up", new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)));
}

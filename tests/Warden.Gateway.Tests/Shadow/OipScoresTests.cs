using System.Text;
using Warden.Gateway.Shadow;

namespace Warden.Gateway.Tests.Shadow;

public sealed class OipScoresTests
{
    [Theory]
    [InlineData("""{"model_name":"ranker","outputs":[{"name":"scores","datatype":"FP32","shape":[3],"data":[0.9,0.5,-1e-3]}]}""", new[] { 0.9, 0.5, -0.001 })]
    [InlineData("""{"outputs":[{"data":[[1,2],[3,4]],"name":"s","shape":[2,2]}],"id":"x"}""", new[] { 1.0, 2, 3, 4 })]
    [InlineData("""{"id":"1","parameters":{"outputs":[]},"outputs":[{"name":"a","data":[5]},{"name":"b","data":[6]}]}""", new[] { 5.0 })]
    [InlineData("""{"outputs":[{"data":[]}]}""", new double[0])]
    public void TryRead_InferResponse_FirstOutputData(string json, double[] expected)
    {
        Assert.Equal(expected, OipScores.TryRead(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"error":"model not ready"}""")]
    [InlineData("""{"outputs":[]}""")]
    [InlineData("""{"outputs":[{"name":"labels","datatype":"BYTES","data":["cat","dog"]}]}""")]
    [InlineData("""{"outputs":[{"data":[1,2""")]
    [InlineData("""{"outputs":[{"data":7}]}""")]
    public void TryRead_NotScores_Null(string json)
    {
        Assert.Null(OipScores.TryRead(Encoding.UTF8.GetBytes(json)));
    }
}

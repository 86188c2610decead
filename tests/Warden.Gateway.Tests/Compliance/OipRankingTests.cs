using System.Text;
using Warden.Gateway.Compliance;

namespace Warden.Gateway.Tests.Compliance;

public sealed class OipRankingTests
{
    private const string TwoCandidates = """{"inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":["red shoes"]},{"name":"candidate_ids","shape":[2],"datatype":"BYTES","data":["item-001","item-002"]}]}""";
    private const string ThreeCandidates = """{"id":"r1","inputs":[{"name":"candidate_ids","shape":[3],"datatype":"BYTES","data":["a","b","c"]},{"name":"query_text","shape":[1],"datatype":"BYTES","data":["q"]}]}""";

    [Theory]
    [InlineData(TwoCandidates, """{"outputs":[{"name":"scores","data":[0.2,0.9]}]}""", "red shoes", "item-002")]
    [InlineData(TwoCandidates, """{"outputs":[{"name":"scores","data":[0.9,0.2]}]}""", "red shoes", "item-001")]
    [InlineData(ThreeCandidates, """{"outputs":[{"data":[0.5,0.7,0.7]}]}""", "q", "b")] // tie at the top: the earlier candidate
    [InlineData(ThreeCandidates, """{"outputs":[{"data":[1,1,1]}]}""", "q", "a")] // all equal: the first
    [InlineData(ThreeCandidates, """{"outputs":[{"data":[-3,-1,-2]}]}""", "q", "b")] // negative scores
    [InlineData(ThreeCandidates, """{"model_name":"ranker","outputs":[{"data":[[0.1],[0.3],[0.2]]},{"data":[9,9,9]}]}""", "q", "b")] // nested data; only the first output
    [InlineData("""{"inputs":[{"name":"candidate_ids","data":[["x","y"]]}]}""", """{"outputs":[{"data":[0,1]}]}""", null, "y")] // nested ids, no query
    public void TryRead_RankingCall_TopItemAndQuery(string request, string response, string? query, string top)
    {
        Assert.Equal(new RankedAnswer(query, top), OipRanking.TryRead(Encoding.UTF8.GetBytes(request), Encoding.UTF8.GetBytes(response)));
    }

    [Theory]
    [InlineData(TwoCandidates, """{"outputs":[{"data":[0.2]}]}""")] // fewer scores than candidates
    [InlineData(TwoCandidates, """{"outputs":[{"data":[0.2,0.3,0.4]}]}""")] // more scores than candidates
    [InlineData(TwoCandidates, """{"outputs":[{"data":[]}]}""")] // no scores
    [InlineData(TwoCandidates, """{"outputs":[{"data":["0.2","0.3"]}]}""")] // scores as text
    [InlineData(TwoCandidates, """{"outputs":[]}""")]
    [InlineData(TwoCandidates, "not json")]
    [InlineData(TwoCandidates, """{"outputs":[{"data":[0.2,0.3]""")] // truncated
    [InlineData(TwoCandidates, "")]
    [InlineData("not json", """{"outputs":[{"data":[0.2,0.3]}]}""")]
    [InlineData("", """{"outputs":[{"data":[0.2,0.3]}]}""")]
    [InlineData("""{"inputs":[{"name":"query_text","data":["q"]}]}""", """{"outputs":[{"data":[0.2,0.3]}]}""")] // no candidates
    [InlineData("""{"inputs":[{"name":"candidate_ids","data":["a",2]}]}""", """{"outputs":[{"data":[0.2,0.3]}]}""")] // an id that is not a string
    [InlineData("""{"inputs":[{"name":"query_text","data":["q","r"]},{"name":"candidate_ids","data":["a","b"]}]}""", """{"outputs":[{"data":[0.2,0.3]}]}""")] // two queries
    [InlineData("""{"inputs":{"name":"candidate_ids","data":["a","b"]}}""", """{"outputs":[{"data":[0.2,0.3]}]}""")] // inputs not a list
    [InlineData("[1,2]", """{"outputs":[{"data":[0.2,0.3]}]}""")]
    public void TryRead_NotARankingCall_Null(string request, string response)
    {
        Assert.Null(OipRanking.TryRead(Encoding.UTF8.GetBytes(request), Encoding.UTF8.GetBytes(response)));
    }
}

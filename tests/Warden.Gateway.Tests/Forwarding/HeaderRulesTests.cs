using Warden.Gateway.Forwarding;

namespace Warden.Gateway.Tests.Forwarding;

public sealed class HeaderRulesTests
{
    [Theory]
    [InlineData(new[] { "keep-alive" }, new string[0])]
    [InlineData(new[] { "close" }, new string[0])]
    [InlineData(new[] { "keep-alive, X-Private-Hop" }, new[] { "X-Private-Hop" })]
    [InlineData(new[] { "Upgrade, X-A ,X-B", "X-C" }, new[] { "X-A", "X-B", "X-C" })]
    public void ConnectionTokens_Values_NamesListed(string[] values, string[] expected)
    {
        Assert.Equal(expected, HeaderRules.ConnectionTokens(values) ?? []);
    }

    [Theory]
    [InlineData("Connection", true)]
    [InlineData("keep-alive", true)]
    [InlineData("Transfer-Encoding", true)]
    [InlineData("TE", true)]
    [InlineData("Trailer", true)]
    [InlineData("Upgrade", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("Proxy-Anything", true)]
    [InlineData("Expect", true)]
    [InlineData("Authorization", false)]
    [InlineData("Content-Type", false)]
    [InlineData("X-Warden-Key", false)]
    public void IsHopByHop_Name_Classified(string name, bool expected)
    {
        Assert.Equal(expected, HeaderRules.IsHopByHop(name));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("caf\u00e9 \u2013 ok", "caf? ? ok")]
    [InlineData("line\nbreak", "line?break")]
    public void Ascii_Text_PrintableAsciiOnly(string text, string expected)
    {
        Assert.Equal(expected, HeaderRules.Ascii(text));
    }
}

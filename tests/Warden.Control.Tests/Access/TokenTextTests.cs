using Warden.Access;

namespace Warden.Control.Tests.Access;

/// <summary>The token's text: generated form, parsing, and everything else refused.</summary>
public sealed class TokenTextTests
{
    private const string Id = "0123456789abcdef";
    private static readonly string Secret = new('a', 64);

    [Fact]
    public void Generate_FormatThenParse_GivesIdAndSecretBack()
    {
        var (id, secret) = TokenText.Generate();
        var text = TokenText.Format(id, secret);

        Assert.Matches("^wdn_[0-9a-f]{16}_[0-9a-f]{64}$", text);
        Assert.True(TokenText.TryParse(text, out var parsedId, out var parsedSecret));
        Assert.Equal((id, secret), (parsedId, parsedSecret));
    }

    [Fact]
    public void Generate_TwoCalls_Differ() => Assert.NotEqual(TokenText.Generate(), TokenText.Generate());

    public static TheoryData<string?> Malformed => new()
    {
        null,
        string.Empty,
        "wdn_",
        $"wdn_{Id}_{Secret}x",
        $"wdn_{Id}_{Secret[1..]}",
        $"wdx_{Id}_{Secret}",
        $"WDN_{Id}_{Secret}",
        $"wdn_{Id}-{Secret}",
        $"wdn_{Id.ToUpperInvariant()}_{Secret}",
        $"wdn_{Id}_{Secret[..63]}g",
        $"wdn_{Id}_{Secret[..63]}A",
        $" wdn_{Id}_{Secret[1..]}",
        $"Bearer wdn_{Id}_{Secret}",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_NotTheExactForm_False(string? text) => Assert.False(TokenText.TryParse(text, out _, out _));

    [Fact]
    public void Hash_SameSecret_MatchesAndOtherSecretDoesNot()
    {
        var salt = TokenHash.NewSalt();
        var hash = TokenHash.Compute(salt, Secret);

        Assert.Equal(32, salt.Length);
        Assert.True(TokenHash.Matches(salt, hash, Secret));
        Assert.False(TokenHash.Matches(salt, hash, new string('b', 64)));
        Assert.False(TokenHash.Matches(TokenHash.NewSalt(), hash, Secret));
    }

    [Fact]
    public void Hash_IsSha256OfSaltBytesThenSecret()
    {
        // Cross-checked outside .NET: python3 -c "import hashlib;print(hashlib.sha256(bytes(16)+b'a'*64).hexdigest())"
        Assert.Equal(
            "9a4f700c0289c43ce1412c3793169a57bb2c8796afa7d8f600a9ca0d3825294e",
            TokenHash.Compute(new string('0', 32), Secret));
    }
}

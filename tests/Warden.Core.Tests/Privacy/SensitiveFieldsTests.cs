using Warden.Core.Privacy;

namespace Warden.Core.Tests.Privacy;

public sealed class SensitiveFieldsTests
{
    private static readonly SensitiveFields UserFields = new(["user_id", "email"]);

    [Theory]
    [InlineData("user_id", true)]
    [InlineData("USER_ID", true)]
    [InlineData("Email", true)]
    [InlineData("user", false)]
    [InlineData("user_id_hash", false)]
    [InlineData("", false)]
    public void IsSensitive_NameInAnyCase_MatchesWholeNameOnly(string name, bool sensitive)
    {
        Assert.Equal(sensitive, UserFields.IsSensitive(name));
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("authorization", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("COOKIE", true)]
    [InlineData("Set-Cookie", true)]
    [InlineData("X-Warden-Key", false)]
    [InlineData("Content-Type", false)]
    public void IsSensitiveHeader_CredentialHeaders_AlwaysWithoutConfiguration(string name, bool sensitive)
    {
        Assert.Equal(sensitive, SensitiveFields.None.IsSensitiveHeader(name));
    }

    [Fact]
    public void IsSensitiveHeader_ConfiguredHeaderName_Sensitive()
    {
        Assert.True(new SensitiveFields(["X-Warden-Key"]).IsSensitiveHeader("x-warden-key"));
    }

    [Theory]
    [InlineData("""{"user_id":"u-1","q":"shoes"}""", """{"user_id":"[redacted]","q":"shoes"}""")]
    [InlineData("""{"USER_ID":"u-1"}""", """{"USER_ID":"[redacted]"}""")]
    [InlineData("""{"email":""}""", """{"email":"[redacted]"}""")]
    [InlineData("""{"email":null}""", """{"email":"[redacted]"}""")]
    [InlineData("""{"user_id":12345}""", """{"user_id":"[redacted]"}""")]
    [InlineData("""{"email":{"home":"a@b.c","work":["d@e.f"]}}""", """{"email":"[redacted]"}""")]
    [InlineData("""{"parameters":{"user":{"user_id":"u-1","age":3}},"inputs":[{"email":"a@b.c"},{"email":"d@e.f","n":1.50}]}""",
        """{"parameters":{"user":{"user_id":"[redacted]","age":3}},"inputs":[{"email":"[redacted]"},{"email":"[redacted]","n":1.50}]}""")]
    [InlineData("""{"Authorization":"Bearer abc","cookie":"s=1"}""", """{"Authorization":"[redacted]","cookie":"[redacted]"}""")]
    [InlineData("""{"note":"user_id"}""", """{"note":"user_id"}""")]
    [InlineData("""[1,"user_id",{"a":true,"b":false}]""", """[1,"user_id",{"a":true,"b":false}]""")]
    [InlineData("{}", "{}")]
    [InlineData("\"plain\"", "\"plain\"")]
    public void MaskJson_SensitiveProperties_MaskedAtAnyDepth(string json, string masked)
    {
        Assert.Equal(masked, UserFields.MaskJson(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"user_id":"u-1" """)]
    [InlineData("""{"user_id":"u-1"} trailing""")]
    public void MaskJson_NotJson_WholeTextMasked(string text)
    {
        Assert.Equal(SensitiveFields.Marker, UserFields.MaskJson(text));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8091/", "http://127.0.0.1:8091/")]
    [InlineData("http://alice:s3cret@models.example:8091/v2", "http://[redacted]@models.example:8091/v2")]
    [InlineData("https://token@models.example/", "https://[redacted]@models.example/")]
    [InlineData("http://a:b@c@models.example/?x=1", "http://[redacted]@models.example/?x=1")]
    [InlineData("http://models.example/path@v2", "http://models.example/path@v2")]
    [InlineData("http://models.example/?access_token=abc&model=ranker", "http://models.example/?access_token=[redacted]&model=ranker")]
    [InlineData("http://models.example/?X-Amz-Signature=abc&X-Amz-Credential=k&X-Amz-Date=1", "http://models.example/?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&X-Amz-Date=1")]
    [InlineData("http://models.example/?key=abc&sig=def&password=ghi", "http://models.example/?key=[redacted]&sig=[redacted]&password=[redacted]")]
    [InlineData("http://models.example/?user_id=u-1&Email=a%40b.c#top", "http://models.example/?user_id=[redacted]&Email=[redacted]#top")]
    [InlineData("http://models.example/?user%5Fid=u-1", "http://models.example/?user%5Fid=[redacted]")]
    [InlineData("http://models.example/?user_id=&flag&=x", "http://models.example/?user_id=[redacted]&flag&=x")]
    [InlineData("http://models.example/?", "http://models.example/?")]
    [InlineData("", "")]
    public void MaskUrl_UserInfoAndSecretParameters_Masked(string url, string masked)
    {
        Assert.Equal(masked, UserFields.MaskUrl(url));
    }

    [Fact]
    public void MaskUrl_NothingConfigured_ConfiguredNamesKept()
    {
        Assert.Equal("http://h/?user_id=u-1&token=[redacted]", SensitiveFields.None.MaskUrl("http://h/?user_id=u-1&token=t"));
    }

    [Fact]
    public void Names_Sorted()
    {
        Assert.Equal(["email", "user_id"], UserFields.Names);
    }
}

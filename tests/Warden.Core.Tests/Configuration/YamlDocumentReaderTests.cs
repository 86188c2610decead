using Warden.Core.Configuration;

namespace Warden.Core.Tests.Configuration;

public sealed class YamlDocumentReaderTests
{
    [Fact]
    public void Read_NestedMapping_KeepsPositionsAndQuoting()
    {
        var log = new ConfigErrorLog("t.yaml");

        var root = Assert.IsType<ConfigMapping>(YamlDocumentReader.Read(new StringReader("a:\n  b: 'x'\n  c: 12\n"), log));

        Assert.False(log.HasErrors);
        var (aKey, aValue) = Assert.Single(root.Entries);
        Assert.Equal((1L, 1L), (aKey.Line, aKey.Column));
        var inner = Assert.IsType<ConfigMapping>(aValue);
        var b = Assert.IsType<ConfigScalar>(inner.Entries[0].Value);
        var c = Assert.IsType<ConfigScalar>(inner.Entries[1].Value);
        Assert.Equal(("x", false, 2L, 6L), (b.Value, b.IsPlain, b.Line, b.Column));
        Assert.Equal(("12", true, 3L, 6L), (c.Value, c.IsPlain, c.Line, c.Column));
    }

    [Fact]
    public void Read_DuplicateKey_KeepsBothEntries()
    {
        // YamlDotNet's RepresentationModel would throw here and lose every later error.
        var log = new ConfigErrorLog("t.yaml");

        var root = Assert.IsType<ConfigMapping>(YamlDocumentReader.Read(new StringReader("a: 1\na: 2\nb: 3\n"), log));

        Assert.False(log.HasErrors);
        Assert.Equal(["a", "a", "b"], root.Entries.Select(e => ((ConfigScalar)e.Key).Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing\n\n")]
    public void Read_NoDocument_ReturnsNullWithoutError(string yaml)
    {
        var log = new ConfigErrorLog("t.yaml");

        Assert.Null(YamlDocumentReader.Read(new StringReader(yaml), log));
        Assert.False(log.HasErrors);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("~", true)]
    [InlineData("null", true)]
    [InlineData("NULL", true)]
    [InlineData("''", false)]
    [InlineData("'null'", false)]
    [InlineData("nil", false)]
    public void Read_NullForms_AreYamlNullOnlyWhenPlain(string value, bool isNull)
    {
        var log = new ConfigErrorLog("t.yaml");

        var root = Assert.IsType<ConfigMapping>(YamlDocumentReader.Read(new StringReader($"a: {value}\n"), log));

        Assert.Equal(isNull, Assert.IsType<ConfigScalar>(root.Entries[0].Value).IsNull);
    }

    [Fact]
    public void Read_AliasWithoutAnchor_IsError()
    {
        var log = new ConfigErrorLog("t.yaml");

        YamlDocumentReader.Read(new StringReader("a: 1\nb: *nope\n"), log);

        Assert.Equal(
            "t.yaml:2:4: alias *nope refers to no anchor; expected an anchor &nope defined earlier in the file",
            Assert.Single(log.InFileOrder()).ToString());
    }

    [Fact]
    public void Read_HostileNesting_IsErrorNotStackOverflow()
    {
        var log = new ConfigErrorLog("t.yaml");
        var yaml = new string('[', 10_000) + new string(']', 10_000);

        Assert.Null(YamlDocumentReader.Read(new StringReader(yaml), log));

        var error = Assert.Single(log.InFileOrder());
        Assert.Equal("invalid YAML: nesting deeper than 64 levels", error.Problem);
        Assert.Equal((1L, 66L), (error.Line, error.Column));
    }

    [Fact]
    public void Document_ListAsKey_IsError()
    {
        var log = new ConfigErrorLog("t.yaml");
        var root = YamlDocumentReader.Read(new StringReader("? [a, b]\n: 1\nk: 2\n"), log);

        var reader = MappingReader.Document(root, log, new MappingShape(["k"]));

        Assert.Equal(2, reader.WholeNumber("k", 0, NumberRange.WholeAtLeast(0)));
        Assert.Equal(
            "t.yaml:1:3: a list is used as a key; expected a key name, one of k",
            Assert.Single(log.InFileOrder()).ToString());
    }

    [Fact]
    public void MappingReader_UndeclaredKey_IsLoaderBug()
    {
        var log = new ConfigErrorLog("t.yaml");
        var reader = MappingReader.Document(null, log, new MappingShape(["k"]));

        Assert.Throws<InvalidOperationException>(() => reader.Has("other"));
    }
}

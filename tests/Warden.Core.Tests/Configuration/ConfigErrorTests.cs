using Warden.Core.Configuration;

namespace Warden.Core.Tests.Configuration;

public sealed class ConfigErrorTests
{
    [Fact]
    public void ToString_WithField_IsCompilerStyle()
    {
        var error = new ConfigError
        {
            Source = "conf/warden.yaml",
            Line = 12,
            Column = 7,
            Field = "policy.quorum",
            Problem = "7 is out of range",
            Expected = "a whole number from 1 to 6 (default 4)",
        };

        Assert.Equal("conf/warden.yaml:12:7: policy.quorum: 7 is out of range; expected a whole number from 1 to 6 (default 4)", error.ToString());
    }

    [Fact]
    public void ToString_EmptyField_OmitsFieldPart()
    {
        var error = new ConfigError { Source = "w.yaml", Line = 1, Column = 2, Field = string.Empty, Problem = "invalid YAML: x", Expected = "y" };

        Assert.Equal("w.yaml:1:2: invalid YAML: x; expected y", error.ToString());
    }
}

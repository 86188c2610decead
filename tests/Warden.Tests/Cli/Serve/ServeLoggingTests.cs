using Microsoft.Extensions.Logging;
using Warden.Cli.Serve;

namespace Warden.Tests.Cli.Serve;

public sealed class ServeLoggingTests
{
    [Theory]
    [InlineData("Warden.Gateway", LogLevel.Information, true)]
    [InlineData("Warden.Gateway", LogLevel.Debug, false)]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning, true)]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Information, false)]
    // While any level of this category is on, ASP.NET Core starts an Activity and a log scope
    // for every request: it must be off at every level, Critical included.
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Critical, false)]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information, false)]
    public void Quiet_Category_EnabledOnlyWhereMeant(string category, LogLevel level, bool enabled)
    {
        using var factory = LoggerFactory.Create(ServeCommand.Quiet);

        Assert.Equal(enabled, factory.CreateLogger(category).IsEnabled(level));
    }
}

using System.Net;
using Warden.Access;
using Warden.Api;

namespace Warden.Tests.Api;

/// <summary>Failed authentications are limited per client address.</summary>
public sealed class ApiRateLimitTests
{
    [Fact]
    public async Task FailedAuthentications_AtTheLimitThenRefusedWith429EvenForAValidToken()
    {
        await using var rig = await ApiRig.StartAsync(new ApiAccessOptions { FailuresPerWindow = 3, Window = TimeSpan.FromMinutes(10) });

        // Three failures are allowed (the limit itself); they are answered 401.
        for (var i = 0; i < 3; i++)
        {
            using var bad = await rig.SendWithAsync("GET", "/api/v1/channels", "wdn_guess_" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        }

        // The address has used its window: the next call is refused before its token is read.
        using var valid = await rig.SendAsync("GET", "/api/v1/channels", Role.Viewer);

        Assert.Equal(HttpStatusCode.TooManyRequests, valid.StatusCode);
        Assert.Equal((3L, 0L, 1L), rig.Access.Refusals);
    }

    [Fact]
    public async Task FailedAuthentications_BelowTheLimit_AValidTokenStillPasses()
    {
        await using var rig = await ApiRig.StartAsync(new ApiAccessOptions { FailuresPerWindow = 3, Window = TimeSpan.FromMinutes(10) });
        for (var i = 0; i < 2; i++)
        {
            using var bad = await rig.SendWithAsync("GET", "/api/v1/channels", "wdn_guess_" + i);
        }

        using var valid = await rig.SendAsync("GET", "/api/v1/channels", Role.Viewer);

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }
}

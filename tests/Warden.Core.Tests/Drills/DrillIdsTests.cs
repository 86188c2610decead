using Warden.Core.Drills;

namespace Warden.Core.Tests.Drills;

/// <summary><see cref="DrillIds"/>: the drill and run ids pinned, and which deployment ids are drill runs.</summary>
public sealed class DrillIdsTests
{
    [Fact]
    public void Drill_FixedTime_PinnedId()
    {
        Assert.Equal("dr-20261206T050102345Z", DrillIds.Drill(new DateTimeOffset(2026, 12, 6, 5, 1, 2, 345, TimeSpan.Zero)));
    }

    [Fact]
    public void Drill_TimeWithAnOffset_NamedInUtc()
    {
        // 06:01:02.345 at +01:00 is 05:01:02.345 UTC; the day rolls back too from 00:30 at +02:00.
        Assert.Equal("dr-20261206T050102345Z", DrillIds.Drill(new DateTimeOffset(2026, 12, 6, 6, 1, 2, 345, TimeSpan.FromHours(1))));
        Assert.Equal("dr-20261205T223000000Z", DrillIds.Drill(new DateTimeOffset(2026, 12, 6, 0, 30, 0, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData(1, "dr-20261206T050102345Z-1")]
    [InlineData(3, "dr-20261206T050102345Z-3")]
    [InlineData(12, "dr-20261206T050102345Z-12")]
    public void Run_Number_AppendedToTheDrillId(int run, string id)
    {
        Assert.Equal(id, DrillIds.Run("dr-20261206T050102345Z", run));
    }

    [Theory]
    [InlineData("dr-20261206T050102345Z-3", true)]
    [InlineData("dr-20261206T050102345Z", true)]
    [InlineData("dr-", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("d-20261201-ab12", false)]
    [InlineData("DR-20261206T050102345Z-3", false)]
    [InlineData("x-dr-1", false)]
    public void IsDrillRun_DeploymentId_TrueOnlyForTheDrillPrefix(string? deploymentId, bool drill)
    {
        Assert.Equal(drill, DrillIds.IsDrillRun(deploymentId));
    }
}

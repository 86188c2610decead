using Warden.Core.Drills;

namespace Warden.Core.Tests.Drills;

/// <summary>
/// <see cref="DrillFaults"/>: the exact bodies of the reference model server's <c>PUT /admin/faults</c>
/// (samples/ModelServer/README.md) that start and clear each fault.
/// </summary>
public sealed class DrillFaultsTests
{
    [Theory]
    [InlineData("errors", 0.05, 100, """{"error_rate":0.05}""")]
    [InlineData("errors", 1, 100, """{"error_rate":1}""")]
    [InlineData("errors", 0.3, 100, """{"error_rate":0.3}""")]
    [InlineData("latency", 0.05, 100, """{"latency_ms":100}""")]
    [InlineData("latency", 0.05, 2500, """{"latency_ms":2500}""")]
    [InlineData("hang", 0.05, 100, """{"hang":true}""")]
    [InlineData("crash", 0.05, 100, "POST /admin/crash")]
    [InlineData("compliance", 0.05, 100, """{"invert_scores":true}""")]
    public void Start_Kind_ExactBody(string kind, double rate, int delayMs, string body)
    {
        Assert.Equal(body, DrillFaults.Start(kind, rate, delayMs));
    }

    [Theory]
    [InlineData("errors", """{"error_rate":0}""")]
    [InlineData("latency", """{"latency_ms":0}""")]
    [InlineData("hang", """{"hang":false}""")]
    [InlineData("crash", null)]
    [InlineData("compliance", """{"invert_scores":false}""")]
    public void Clear_Kind_ExactBodyOrNullForACrash(string kind, string? body)
    {
        Assert.Equal(body, DrillFaults.Clear(kind));
    }

    [Fact]
    public void Kinds_InTheDocsOrder_EachHasAStartBodyButCrashItsRequest()
    {
        Assert.Equal(["errors", "latency", "hang", "crash", "compliance"], DrillFaults.Kinds);
        Assert.All(DrillFaults.Kinds.Where(k => k != "crash"), k => Assert.StartsWith("{", DrillFaults.Start(k, DrillFaults.DefaultRate, DrillFaults.DefaultDelayMs), StringComparison.Ordinal));
        Assert.Equal(DrillFaults.CrashRequest, DrillFaults.Start("crash", DrillFaults.DefaultRate, DrillFaults.DefaultDelayMs));
    }

    [Theory]
    [InlineData("error_rate")]
    [InlineData("Errors")]
    [InlineData("")]
    public void StartAndClear_UnknownKind_Throw(string kind)
    {
        var start = Assert.Throws<ArgumentOutOfRangeException>(() => DrillFaults.Start(kind, 0.05, 100));
        var clear = Assert.Throws<ArgumentOutOfRangeException>(() => DrillFaults.Clear(kind));

        Assert.Equal(("kind", "kind"), (start.ParamName, clear.ParamName));
        Assert.Equal(kind, start.ActualValue);
    }
}

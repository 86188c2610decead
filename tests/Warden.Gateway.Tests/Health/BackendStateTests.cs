using Warden.Gateway.Health;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Tests.Health;

public sealed class BackendStateTests
{
    private readonly BackendState _state = new("ranker", new BackendTarget("v1", new Uri("http://127.0.0.1:8091/")), failuresToMarkDown: 3);

    [Fact]
    public void New_StatusUnknownAndBaseAddressWithoutSlash()
    {
        Assert.Equal(HealthStatus.Unknown, _state.Status);
        Assert.Equal("http://127.0.0.1:8091", _state.BaseAddress);
        Assert.Equal("ranker/v1", _state.ToString());
    }

    [Fact]
    public void ReportFailure_ThresholdReached_MarkedDownOnce()
    {
        Assert.Equal(HealthTransition.None, _state.ReportFailure("a"));
        Assert.Equal(HealthTransition.None, _state.ReportFailure("b"));
        Assert.Equal(HealthTransition.MarkedDown, _state.ReportFailure("c"));
        Assert.Equal(HealthTransition.None, _state.ReportFailure("d"));
        Assert.True(_state.IsDown);
        Assert.Equal(("d", 4), (_state.LastFailure, _state.ConsecutiveFailures));
    }

    [Fact]
    public void ReportSuccess_BetweenFailures_CountStartsOver()
    {
        _state.ReportFailure("a");
        _state.ReportFailure("b");
        Assert.Equal(HealthTransition.None, _state.ReportSuccess());
        _state.ReportFailure("c");
        _state.ReportFailure("d");

        Assert.Equal(HealthStatus.Up, _state.Status);
        Assert.Equal(2, _state.ConsecutiveFailures);
    }

    [Fact]
    public void ReportSuccess_WhenDown_MarkedUp()
    {
        _state.ReportFailure("x", immediate: true);

        Assert.True(_state.IsDown);
        Assert.Equal(HealthTransition.MarkedUp, _state.ReportSuccess());
        Assert.Equal(HealthTransition.None, _state.ReportSuccess());
        Assert.Equal((HealthStatus.Up, 0), (_state.Status, _state.ConsecutiveFailures));
    }
}

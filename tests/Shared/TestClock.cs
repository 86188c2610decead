using Microsoft.Extensions.Time.Testing;

namespace Warden.Tests.Support;

/// <summary>The one fake clock of the tests: Microsoft's <see cref="FakeTimeProvider"/> (timers included), started at a fixed instant.</summary>
internal static class TestClock
{
    /// <summary>Where every test clock starts: 2026-11-22T00:00:00Z.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A clock at <see cref="Epoch"/> that moves only when the test advances it.</summary>
    public static FakeTimeProvider Start() => new(Epoch);
}

using Warden.Core.Drills;
using Warden.Drills;

namespace Warden.Tests.Drills;

/// <summary>The drill's load as a script: the samples the test wrote, answered by send time.</summary>
internal sealed class ScriptedDrillLoad : IDrillLoad
{
    /// <summary>The requests "sent", each with its answer.</summary>
    public List<DrillSample> Samples { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<DrillSample> Between(DateTimeOffset from, DateTimeOffset to) => [.. Samples.Where(s => s.Sent >= from && s.Sent < to)];

    /// <inheritdoc />
    public void Forget(DateTimeOffset before) => Samples.RemoveAll(s => s.Sent < before);
}

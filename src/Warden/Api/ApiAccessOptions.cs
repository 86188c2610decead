namespace Warden.Api;

/// <summary>How many failed authentications an address may send per window before it gets 429.</summary>
internal sealed record ApiAccessOptions
{
    /// <summary>Failed authentications allowed per address per <see cref="Window"/> (default 10).</summary>
    public int FailuresPerWindow { get; init; } = 10;

    /// <summary>The window (default a minute).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}

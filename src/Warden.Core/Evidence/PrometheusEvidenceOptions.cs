namespace Warden.Core.Evidence;

/// <summary>The <c>evidence.prometheus:</c> mapping: the server, how long a query may take, which series are the gateways', how often the guard asks.</summary>
internal sealed record PrometheusEvidenceOptions
{
    /// <summary>The server's root, e.g. <c>http://127.0.0.1:9090</c> (<c>url</c>).</summary>
    public required Uri Url { get; init; }

    /// <summary>How long one query may take before it is an errored measurement (<c>timeout_ms</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Extra label matchers added to every query's selector, as PromQL writes them inside braces
    /// (<c>selector</c>, e.g. <c>job="warden"</c>); null adds none.
    /// </summary>
    public string? Selector { get; init; }

    /// <summary>
    /// How often the live guard asks Prometheus (<c>refresh_ms</c>); between two asks it looks at
    /// the last answer. Prometheus only knows what it scraped, so asking more often than its
    /// scrape interval only repeats the same numbers.
    /// </summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromSeconds(5);
}

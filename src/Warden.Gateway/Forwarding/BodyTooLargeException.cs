namespace Warden.Gateway.Forwarding;

/// <summary>Thrown while streaming a request body that passes the configured limit; becomes 413.</summary>
internal sealed class BodyTooLargeException(long limit)
    : IOException($"The request body is larger than {limit} bytes.")
{
    /// <summary>The limit in bytes.</summary>
    public long Limit { get; } = limit;
}

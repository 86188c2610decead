namespace Warden.Gateway.Configuration;

/// <summary>How the gateway speaks to a service's backends (<c>gateway.services.NAME.protocol</c>).</summary>
internal enum BackendProtocol
{
    /// <summary><c>http1</c> (default): HTTP/1.1, the REST and JSON Open Inference Protocol.</summary>
    Http1,

    /// <summary>
    /// <c>http2</c>: HTTP/2 only; with prior knowledge (h2c) to an <c>http://</c> address, negotiated by
    /// ALPN to an <c>https://</c> one. What a gRPC backend (Triton's or KServe's GRPCInferenceService) needs.
    /// </summary>
    Http2,
}

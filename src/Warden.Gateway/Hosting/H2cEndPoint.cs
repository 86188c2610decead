using System.Net;

namespace Warden.Gateway.Hosting;

/// <summary>
/// The address of the gateway's in-process HTTP/2-only endpoint (<see cref="H2cConnections"/>): Kestrel
/// binds it through <see cref="H2cListenerFactory"/>, which accepts nothing, so it exists only to have
/// Kestrel build an HTTP/2 connection pipeline that the cleartext traffic listeners hand h2c connections to.
/// </summary>
internal sealed class H2cEndPoint : EndPoint
{
    public override string ToString() => "warden-h2c:in-process";
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Warden.Cli.Route;

/// <summary>
/// Talks to a running gateway's admin endpoint for <c>warden route</c>. Every way the call can go
/// wrong becomes a <see cref="UserInputException"/> that says what happened and what to check.
/// </summary>
internal sealed class GatewayClient : IDisposable
{
    /// <summary>The address <c>warden serve</c>'s admin API listens on by default (<c>gateway.admin.urls</c>).</summary>
    public const string DefaultGateway = "http://127.0.0.1:8079";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly string _gateway;

    public GatewayClient(string gateway)
    {
        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UserInputException($"--gateway: '{gateway}' is not an http:// address; e.g. --gateway {DefaultGateway}");
        }

        _gateway = uri.AbsoluteUri.TrimEnd('/');
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };
    }

    /// <summary>The gateway's base address as used.</summary>
    public string Gateway => _gateway;

    /// <summary>Sends a request to <c>{gateway}{path}</c> and returns the status and the JSON body.</summary>
    public (HttpStatusCode Status, JsonDocument? Body, string Text) Send(HttpMethod method, string path, string? json = null, string? actor = null)
    {
        using var request = new HttpRequestMessage(method, _gateway + path);
        if (actor is not null)
        {
            // The admin API records the change under this name, as claimed.
            request.Headers.TryAddWithoutValidation("X-Warden-Actor", actor);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        try
        {
            using var response = _http.Send(request);
            using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
            var text = reader.ReadToEnd();
            JsonDocument? body = null;
            try
            {
                body = text.Length == 0 ? null : JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON: whatever answered is not a Warden gateway; the caller reports the text.
            }

            return (response.StatusCode, body, text);
        }
        catch (HttpRequestException ex)
        {
            var why = ex.InnerException is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound => "host not found",
                _ => socket.Message,
            } : ex.Message;
            throw new UserInputException($"cannot reach the gateway at {_gateway} ({why}); is 'warden serve' running there? The admin API listens on gateway.admin.urls (default {DefaultGateway}), not on the traffic port; pass --gateway URL to name another address.");
        }
        catch (TaskCanceledException)
        {
            throw new UserInputException($"the gateway at {_gateway} did not answer within {Timeout.TotalSeconds:0} s; check that it is a Warden gateway and not overloaded.");
        }
    }

    public void Dispose() => _http.Dispose();
}

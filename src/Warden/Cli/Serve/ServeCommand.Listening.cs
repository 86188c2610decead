using System.Text.RegularExpressions;

namespace Warden.Cli.Serve;

internal static partial class ServeCommand
{
    /// <summary>The one line for a listener that cannot be bound: the setting, the address, why, and the fix.</summary>
    internal static string CannotListen(IReadOnlyList<string> urls, IReadOnlyList<string> adminUrls, IOException exception)
    {
        // Kestrel: "Failed to bind to address http://127.0.0.1:8080: address already in use."
        var match = BindFailure().Match(exception.Message);
        var address = match.Success ? match.Groups["address"].Value : null;
        var what = match.Success
            ? $"cannot listen on {address} ({match.Groups["why"].Value})"
            : $"cannot listen ({exception.Message.TrimEnd('.')})";
        var admin = address is not null && !urls.Any(u => SameAddress(u, address)) && adminUrls.Any(u => SameAddress(u, address));
        return admin
            ? $"--admin-urls {string.Join(";", adminUrls)} (else gateway.admin.urls): {what}; pick another admin address or port with --admin-urls or gateway.admin.urls (port 0 picks a free one), or stop what holds it."
            : $"--urls {string.Join(";", urls)}: {what}; pick another --urls address or port (port 0 picks a free one), or stop what holds it.";
    }

    private static bool SameAddress(string url, string bound) =>
        Uri.TryCreate(url, UriKind.Absolute, out var a) && Uri.TryCreate(bound, UriKind.Absolute, out var b)
        && a.Port == b.Port && (a.Host == b.Host || a.IsLoopback == b.IsLoopback && a.IsLoopback);

    [GeneratedRegex(@"to address (?<address>\S+): (?<why>[^.]+)\.?$")]
    private static partial Regex BindFailure();
}

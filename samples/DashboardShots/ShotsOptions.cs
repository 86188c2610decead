namespace Warden.Samples.DashboardShots;

/// <summary>
/// What one run is told: the dashboard's address, the folder for the screenshots, and the token
/// (from <c>WARDEN_TOKEN</c> only: an argument would show in <c>ps</c> and in shell history).
/// </summary>
internal sealed record ShotsOptions(Uri Url, string OutputFolder, string Token)
{
    /// <summary>The admin listener's default address (<c>gateway.admin.urls</c>).</summary>
    public const string DefaultUrl = "http://127.0.0.1:8079/";

    public const string Usage = """
        usage: dashboard-shots --out DIR [--url URL]
          Signs in to Warden's dashboard with the token in WARDEN_TOKEN, shows every view, waits until
          each has rendered its data, and writes a full-page screenshot of each to DIR/VIEW.png with
          Debian's Chromium (/usr/bin/chromium).
          --url URL   the dashboard: warden serve's admin listener (default http://127.0.0.1:8079/)
          --out DIR   the folder for the screenshots (created if missing)
          WARDEN_TOKEN  an API token ('warden token create --name NAME --role viewer'); never an argument
        exit: 0 written, 1 a view did not render, 2 bad input (arguments, token, address, no chromium)
        """;

    /// <summary>Reads the arguments and the token; every problem found is in <paramref name="errors"/> (then null is returned).</summary>
    public static ShotsOptions? Parse(IReadOnlyList<string> args, string? token, List<string> errors)
    {
        string? url = null;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--url" or "--out" when i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    errors.Add($"{args[i]} needs a value: {(args[i] == "--url" ? "--url http://127.0.0.1:8079/" : "--out demo-out/dashboard")}.");
                    break;
                case "--url":
                    url = args[++i];
                    break;
                case "--out":
                    output = args[++i];
                    break;
                case "--token":
                    i += i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? 1 : 0;
                    errors.Add("--token: the token is never an argument (it would show in ps and the shell's history); set WARDEN_TOKEN.");
                    break;
                default:
                    errors.Add($"unknown argument '{args[i]}'; expected --url URL and --out DIR.");
                    break;
            }
        }

        url ??= DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            errors.Add($"--url '{url}' is not an http:// or https:// address; give the admin listener's, e.g. --url {DefaultUrl}.");
            parsed = null;
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            errors.Add("--out DIR is required: the folder the screenshots go to, e.g. --out demo-out/dashboard.");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            errors.Add("WARDEN_TOKEN is not set: export a token made by 'warden token create --name NAME --role viewer'.");
        }

        return errors.Count > 0 ? null : new ShotsOptions(parsed!, output!, token!.Trim());
    }
}

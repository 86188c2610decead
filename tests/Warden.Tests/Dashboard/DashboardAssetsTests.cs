using System.Text;
using System.Text.RegularExpressions;
using Warden.Dashboard;

namespace Warden.Tests.Dashboard;

public sealed partial class DashboardAssetsTests
{
    private static readonly DashboardAssets Assets = DashboardAssets.Embedded;

    [Fact]
    public void Embedded_EveryFile_HasTypeAndStrongETag()
    {
        Assert.Contains("index.html", Assets.Names);
        Assert.Contains("app.js", Assets.Names);
        Assert.Contains("views/services.js", Assets.Names);
        foreach (var name in Assets.Names)
        {
            var asset = Assets.Find(name)!;
            Assert.NotEqual(0, asset.Content.Length);
            Assert.Equal(DashboardAssets.ContentTypeOf(name), asset.ContentType);
            Assert.Matches("^\"[A-Za-z0-9_-]{22}\"$", asset.ETag);
        }
    }

    [Fact]
    public void Embedded_EveryReferencedFile_IsEmbedded()
    {
        // index.html's links and every module import resolve to an embedded file: no CDN, nothing missing.
        foreach (var name in Assets.Names.Where(n => n.EndsWith(".html", StringComparison.Ordinal) || n.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = Text(name);
            var folder = name.Contains('/', StringComparison.Ordinal) ? name[..(name.LastIndexOf('/') + 1)] : string.Empty;
            foreach (Match reference in References().Matches(text))
            {
                var target = reference.Groups["path"].Value;
                var resolved = target.StartsWith("/dashboard/", StringComparison.Ordinal) ? target["/dashboard/".Length..] : Resolve(folder, target);
                Assert.True(Assets.Find(resolved) is not null, $"{name} refers to {target} ({resolved}), which is not embedded");
            }

            Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Embedded_Page_HoldsNoInlineScriptOrStyle()
    {
        // The CSP allows 'self' only: an inline script or style attribute would be refused by the browser.
        var index = Text("index.html");
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", index);
        Assert.DoesNotContain("<style", index, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", index, StringComparison.Ordinal);
        Assert.DoesNotMatch(" on[a-z]+=", index);
    }

    [Fact]
    public void Embedded_Scripts_NeverParseServerTextAsMarkup()
    {
        // Server text goes in through textContent and createElement only (dom.js).
        foreach (var name in Assets.Names.Where(n => n.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = Text(name);
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('style'" })
            {
                Assert.False(text.Contains(sink, StringComparison.Ordinal), $"{name} uses {sink}");
            }
        }
    }

    [Fact]
    public void Embedded_Page_CarriesTheDomContract()
    {
        var index = Text("index.html");
        Assert.Contains("<nav aria-label=\"Views\"", index, StringComparison.Ordinal);
        foreach (var route in new[] { "#/services", "#/rollouts", "#/guard", "#/verdicts", "#/recovery", "#/cycle", "#/audit" })
        {
            Assert.Contains($"href=\"{route}\"", index, StringComparison.Ordinal);
        }

        Assert.Contains("<main id=\"view\"", index, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"live\"", index, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"whoami\"", index, StringComparison.Ordinal);
        Assert.Contains("role=\"status\"", index, StringComparison.Ordinal);
        var app = Text("app.js");
        Assert.Contains("h('form', { id: 'signin'", app, StringComparison.Ordinal);
        Assert.Contains("h('label', { for: 'token' }, 'API token')", app, StringComparison.Ordinal);
        Assert.Contains("h('input', { id: 'token', type: 'password', autocomplete: 'off'", app, StringComparison.Ordinal);
        Assert.Contains("'Sign in')", app, StringComparison.Ordinal);
    }

    private static string Text(string name) => Encoding.UTF8.GetString(Assets.Find(name)!.Content.Span);

    private static string Resolve(string folder, string relative)
    {
        var parts = (folder + relative).Split('/').ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] == ".")
            {
                parts.RemoveAt(i--);
            }
            else if (parts[i] == ".." && i > 0)
            {
                parts.RemoveRange(i - 1, 2);
                i -= 2;
            }
        }

        return string.Join('/', parts);
    }

    [GeneratedRegex("""(?:(?:href|src)="|from ')(?<path>(?:/dashboard/|\./|\.\./)[^"']+)["']""")]
    private static partial Regex References();
}

using System.Net;
using System.Text.Json.Nodes;
using Warden.Api;
using Warden.Tests.Support;

namespace Warden.Tests.Api;

/// <summary>The OpenAPI document the server serves is the one checked in under docs/.</summary>
public sealed class ApiOpenApiTests
{
    private static readonly string CheckedIn = Path.Combine(RepoPaths.Root, "docs", "openapi.json");

    [Fact]
    public async Task OpenApi_ServedAnonymously_EqualsDocsOpenApiJson()
    {
        await using var rig = await ApiRig.StartAsync();

        using var response = await rig.SendAsync("GET", ApiEndpoints.OpenApiPath, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = Normalize(await response.Content.ReadAsStringAsync());

        // Every endpoint of the list is in the document with its summary.
        var paths = JsonNode.Parse(served)!["paths"]!.AsObject();
        foreach (var route in ApiEndpoints.All)
        {
            Assert.Equal(route.Summary, paths[route.Path]![route.Method.ToLowerInvariant()]!["summary"]!.GetValue<string>());
        }

        var actual = Path.Combine(Path.GetTempPath(), $"warden-openapi-{Environment.ProcessId}.json");
        File.WriteAllText(actual, served);
        Assert.True(
            File.Exists(CheckedIn) && Normalize(File.ReadAllText(CheckedIn)) == served,
            $"docs/openapi.json differs from what the server serves; if the change is meant, copy {actual} to docs/openapi.json.");
    }

    // The servers list names this run's port; everything else is the document.
    private static string Normalize(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("servers");
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}

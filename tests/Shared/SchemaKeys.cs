using System.Text.Json;

namespace Warden.Tests.Support;

/// <summary>The property names of every object schema of a JSON Schema document, by dotted path (<c>""</c> is the top level).</summary>
internal static class SchemaKeys
{
    public static Dictionary<string, string[]> Collect(JsonElement root)
    {
        var found = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Collect(root, string.Empty, root, found);
        return found;
    }

    // Records the property names of every object schema by dotted path, following $ref and the
    // oneOf/anyOf/allOf alternatives (not if/then/else, which only tighten bounds).
    private static void Collect(JsonElement node, string path, JsonElement root, Dictionary<string, string[]> found)
    {
        if (node.TryGetProperty("$ref", out var reference))
        {
            Collect(Resolve(root, reference.GetString()!), path, root, found);
        }

        foreach (var keyword in (string[])["oneOf", "anyOf", "allOf"])
        {
            if (node.TryGetProperty(keyword, out var alternatives))
            {
                foreach (var alternative in alternatives.EnumerateArray())
                {
                    Collect(alternative, path, root, found);
                }
            }
        }

        if (node.TryGetProperty("properties", out var properties))
        {
            var names = properties.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.False(found.ContainsKey(path), $"two object schemas at '{path}'");
            found[path] = names;
            foreach (var property in properties.EnumerateObject())
            {
                Collect(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", root, found);
            }
        }
    }

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        Assert.StartsWith("#/$defs/", reference, StringComparison.Ordinal);
        return root.GetProperty("$defs").GetProperty(reference["#/$defs/".Length..]);
    }

}

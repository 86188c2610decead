using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Warden.Samples.ModelServer;

/// <summary>
/// The items the ranker can score, held in flat arrays for the hot path: item i's text vector is
/// Text[i*Dims .. (i+1)*Dims), and its norm is TextNorm[i] (same for Visual).
/// </summary>
internal sealed class Catalog
{
    public const int DefaultSeed = 20261122;
    public const int DefaultItemCount = 500;
    public const int DefaultDims = 16;

    private readonly Dictionary<string, int> _index;

    private Catalog(string[] ids, int dims, float[] text, float[] visual)
    {
        Ids = ids;
        Dims = dims;
        Text = text;
        Visual = visual;
        TextNorm = Norms(text, dims);
        VisualNorm = Norms(visual, dims);
        _index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            _index[ids[i]] = i;
        }
    }

    public string[] Ids { get; }
    public int Dims { get; }
    public float[] Text { get; }
    public float[] Visual { get; }
    public double[] TextNorm { get; }
    public double[] VisualNorm { get; }

    public bool TryGetIndex(string id, out int index) => _index.TryGetValue(id, out index);

    /// <summary>
    /// The committed catalog text: items item-001…item-N, each component drawn as
    /// Random(seed).NextDouble()*2−1 (text vector first, then visual) and written with 4 decimals.
    /// </summary>
    public static string Generate(int seed = DefaultSeed, int count = DefaultItemCount, int dims = DefaultDims)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{{\n  \"seed\": {seed},\n  \"dims\": {dims},\n  \"items\": [\n");
        for (var i = 1; i <= count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {{\"id\": \"item-{i:D3}\", \"text\": ");
            AppendVector(sb, random, dims);
            sb.Append(", \"visual\": ");
            AppendVector(sb, random, dims);
            sb.Append(i < count ? "},\n" : "}\n");
        }
        sb.Append("  ]\n}\n");
        return sb.ToString();
    }

    private static void AppendVector(StringBuilder sb, Random random, int dims)
    {
        sb.Append('[');
        for (var d = 0; d < dims; d++)
        {
            if (d > 0)
            {
                sb.Append(", ");
            }
            sb.Append((random.NextDouble() * 2 - 1).ToString("0.0000", CultureInfo.InvariantCulture));
        }
        sb.Append(']');
    }

    /// <summary>Reads a catalog file; every problem names the path and the JSON field.</summary>
    public static Catalog Load(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new StartupException($"catalog file '{path}': {ex.Message} (regenerate it with: modelserver generate-catalog {path})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("dims", out var dimsElement) || !dimsElement.TryGetInt32(out var dims) || dims < 1)
            {
                throw new StartupException($"catalog file '{path}': field 'dims' must be a positive integer");
            }
            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
            {
                throw new StartupException($"catalog file '{path}': field 'items' must be a non-empty array");
            }
            var errors = new List<string>();
            var n = items.GetArrayLength();
            var ids = new string[n];
            var text = new float[n * dims];
            var visual = new float[n * dims];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var where = $"catalog file '{path}': items[{i}]";
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id)
                    && id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0)
                {
                    ids[i] = id.GetString()!;
                    if (!seen.Add(ids[i]))
                    {
                        errors.Add($"{where}.id '{ids[i]}' appears twice; ids must be unique");
                    }
                }
                else
                {
                    errors.Add($"{where}.id must be a non-empty string");
                    ids[i] = string.Empty;
                }
                ReadVector(item, "text", dims, text.AsSpan(i * dims, dims), where, errors);
                ReadVector(item, "visual", dims, visual.AsSpan(i * dims, dims), where, errors);
                i++;
            }
            if (errors.Count > 0)
            {
                throw new StartupException(string.Join(Environment.NewLine, errors.Take(20)));
            }
            return new Catalog(ids, dims, text, visual);
        }
    }

    private static void ReadVector(JsonElement item, string field, int dims, Span<float> target, string where, List<string> errors)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(field, out var vector)
            || vector.ValueKind != JsonValueKind.Array || vector.GetArrayLength() != dims)
        {
            errors.Add($"{where}.{field} must be an array of {dims} numbers (dims)");
            return;
        }
        var d = 0;
        foreach (var value in vector.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out var f) || !float.IsFinite(f))
            {
                errors.Add($"{where}.{field}[{d}] must be a finite number (got {value.GetRawText()})");
                return;
            }
            target[d++] = f;
        }
    }

    private static double[] Norms(float[] vectors, int dims)
    {
        var norms = new double[vectors.Length / dims];
        for (var i = 0; i < norms.Length; i++)
        {
            var span = vectors.AsSpan(i * dims, dims);
            double sum = 0;
            foreach (var x in span)
            {
                sum += (double)x * x;
            }
            norms[i] = Math.Sqrt(sum);
        }
        return norms;
    }
}

namespace Warden.Samples.ModelServer;

/// <summary>
/// Maps query text to a text vector and a visual-intent vector. The text is lower-cased and split
/// on every character that is not a letter or digit; each token t adds ±1 to one dimension:
/// text: h = FNV-1a(t), dimension h % dims, sign + when bit 16 of h is 0 else −;
/// visual: h = FNV-1a("visual:" + t), same rule.
/// </summary>
internal static class QueryEncoder
{
    public const string VisualPrefix = "visual:";

    public static void Encode(string query, Span<float> text, Span<float> visual)
    {
        text.Clear();
        visual.Clear();
        var lower = query.ToLowerInvariant();
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var isWordChar = i < lower.Length && char.IsLetterOrDigit(lower[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                var token = lower[start..i];
                Add(text, Fnv1a.Hash(token));
                Add(visual, Fnv1a.Hash(VisualPrefix + token));
                start = -1;
            }
        }
    }

    private static void Add(Span<float> vector, uint hash)
    {
        var dim = (int)(hash % (uint)vector.Length);
        vector[dim] += ((hash >> 16) & 1) == 0 ? 1f : -1f;
    }
}

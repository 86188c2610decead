namespace Warden.Samples.ModelServer;

/// <summary>
/// score(item) = text_weight · cos(q_text, item_text) + visual_weight · cos(q_visual, item_visual),
/// where a cosine with a zero vector counts as 0 (a query with no tokens scores 0 everywhere).
/// </summary>
internal sealed class Ranker(Catalog catalog, RankerWeights weights)
{
    public Catalog Catalog { get; } = catalog;
    public RankerWeights Weights { get; } = weights;

    public void Score(string query, ReadOnlySpan<int> items, Span<float> scores)
    {
        var dims = Catalog.Dims;
        Span<float> qText = dims <= 256 ? stackalloc float[dims] : new float[dims];
        Span<float> qVisual = dims <= 256 ? stackalloc float[dims] : new float[dims];
        QueryEncoder.Encode(query, qText, qVisual);
        var qTextNorm = Norm(qText);
        var qVisualNorm = Norm(qVisual);
        for (var k = 0; k < items.Length; k++)
        {
            var i = items[k];
            var textCos = Cosine(qText, qTextNorm, Catalog.Text.AsSpan(i * dims, dims), Catalog.TextNorm[i]);
            var visualCos = Cosine(qVisual, qVisualNorm, Catalog.Visual.AsSpan(i * dims, dims), Catalog.VisualNorm[i]);
            scores[k] = (float)(Weights.TextWeight * textCos + Weights.VisualWeight * visualCos);
        }
    }

    private static double Cosine(ReadOnlySpan<float> q, double qNorm, ReadOnlySpan<float> item, double itemNorm)
    {
        if (qNorm == 0 || itemNorm == 0)
        {
            return 0;
        }
        double dot = 0;
        for (var d = 0; d < q.Length; d++)
        {
            dot += (double)q[d] * item[d];
        }
        return dot / (qNorm * itemNorm);
    }

    private static double Norm(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (var x in v)
        {
            sum += (double)x * x;
        }
        return Math.Sqrt(sum);
    }
}

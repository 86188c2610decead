using System.Globalization;

namespace Warden.Core.Bundle;

/// <summary>
/// Whether clients written against the baseline model keep working against the candidate, judged
/// from the two models' Open Inference Protocol metadata.
/// </summary>
public static class ApiCompatibility
{
    /// <summary>
    /// Lists every change that breaks a baseline client, one sentence each: inputs first, then
    /// outputs, each group ordered by tensor name (ordinal). Empty when the candidate is compatible.
    /// </summary>
    /// <remarks>
    /// <para>Inputs: the candidate must accept every baseline input under the same name and
    /// datatype, with a shape of the same rank whose every dimension equals the baseline's or is
    /// −1 (any size) in the candidate. An input the candidate adds is breaking too: the protocol
    /// has no way to mark an input optional, so a server expects every input it declares, and
    /// baseline clients do not send it.</para>
    /// <para>Outputs: the candidate must return every baseline output under the same name and
    /// datatype. Shapes are checked the other way round from inputs, because here the client is
    /// the receiver: each candidate dimension must equal the baseline's, or the baseline's must be
    /// −1 (the client already handles any size). An output the candidate adds is harmless.</para>
    /// <para>If a metadata document names two tensors alike (the reader rejects that), the first is used.</para>
    /// </remarks>
    /// <param name="baseline">Metadata of the model in production.</param>
    /// <param name="candidate">Metadata of the model to deploy.</param>
    /// <returns>Sentences such as <c>input 'text_features' datatype changed FP32 → FP16</c>.</returns>
    public static IReadOnlyList<string> BreakingChanges(ModelMetadata baseline, ModelMetadata candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);

        var changes = new List<string>();
        var inputs = new List<(string Name, string Change)>();
        var candidateInputs = ByName(candidate.Inputs);
        var baselineInputs = ByName(baseline.Inputs);
        foreach (var (name, before) in baselineInputs)
        {
            if (!candidateInputs.TryGetValue(name, out var after))
            {
                inputs.Add((name, $"input '{name}' removed; the candidate does not accept it"));
                continue;
            }

            Compare("input", before, after, clientSends: true, inputs);
        }

        foreach (var name in candidateInputs.Keys)
        {
            if (!baselineInputs.ContainsKey(name))
            {
                inputs.Add((name, $"input '{name}' added; baseline clients do not send it"));
            }
        }

        // Stable sort: two changes to one tensor keep datatype-before-shape order.
        AddSorted(changes, inputs);

        var outputs = new List<(string Name, string Change)>();
        var candidateOutputs = ByName(candidate.Outputs);
        foreach (var (name, before) in ByName(baseline.Outputs))
        {
            if (!candidateOutputs.TryGetValue(name, out var after))
            {
                outputs.Add((name, $"output '{name}' removed"));
                continue;
            }

            Compare("output", before, after, clientSends: false, outputs);
        }

        AddSorted(changes, outputs);
        return changes;
    }

    private static void Compare(string kind, TensorSpec before, TensorSpec after, bool clientSends, List<(string, string)> changes)
    {
        if (!string.Equals(before.Datatype, after.Datatype, StringComparison.Ordinal))
        {
            changes.Add((before.Name, $"{kind} '{before.Name}' datatype changed {before.Datatype} → {after.Datatype}"));
        }

        var compatible = clientSends
            ? ShapeAccepts(accepting: after.Shape, sent: before.Shape)
            : ShapeAccepts(accepting: before.Shape, sent: after.Shape);
        if (!compatible)
        {
            changes.Add((before.Name, $"{kind} '{before.Name}' shape {Format(before.Shape)} → {Format(after.Shape)}"));
        }
    }

    // A receiver declaring `accepting` takes every tensor a sender declaring `sent` may produce:
    // same rank, and each receiving dimension is either -1 or the sender's fixed size.
    private static bool ShapeAccepts(IReadOnlyList<long> accepting, IReadOnlyList<long> sent)
    {
        if (accepting.Count != sent.Count)
        {
            return false;
        }

        for (var i = 0; i < accepting.Count; i++)
        {
            if (accepting[i] != -1 && accepting[i] != sent[i])
            {
                return false;
            }
        }

        return true;
    }

    private static SortedDictionary<string, TensorSpec> ByName(IReadOnlyList<TensorSpec> tensors)
    {
        var byName = new SortedDictionary<string, TensorSpec>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            byName.TryAdd(tensor.Name, tensor);
        }

        return byName;
    }

    private static void AddSorted(List<string> changes, List<(string Name, string Change)> group)
    {
        foreach (var (_, change) in group.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            changes.Add(change);
        }
    }

    /// <summary><c>[1,-1,512]</c>: compact, as the tensors are written in the metadata.</summary>
    internal static string Format(IReadOnlyList<long> shape) =>
        "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}

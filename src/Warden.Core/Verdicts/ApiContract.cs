using System.Collections.Immutable;
using System.Globalization;
using Warden.Core.Bundle;

namespace Warden.Core.Verdicts;

/// <summary>
/// Whether a candidate model can replace the baseline behind the same Open Inference Protocol v2
/// clients. Callers keep sending the baseline's inputs and reading the baseline's outputs, so a
/// change is breaking when the candidate no longer accepts a request the baseline accepted, needs
/// an input callers do not send, or stops returning (or reshapes) an output callers read.
/// </summary>
internal static class ApiContract
{
    /// <summary>
    /// Every breaking change, baseline inputs first (in baseline order), then inputs only the
    /// candidate has, then baseline outputs. Empty when the candidate is a drop-in replacement.
    /// A tensor matches when name and datatype are equal (ordinal) and the shape has the same
    /// rank with each dimension equal to the baseline's or −1 (any) in the candidate.
    /// </summary>
    internal static ImmutableArray<string> BreakingChanges(ModelMetadata baseline, ModelMetadata candidate)
    {
        var changes = ImmutableArray.CreateBuilder<string>();
        foreach (var input in baseline.Inputs)
        {
            Compare(changes, "input", input, Find(candidate.Inputs, input.Name));
        }

        foreach (var input in candidate.Inputs)
        {
            if (Find(baseline.Inputs, input.Name) is null)
            {
                changes.Add($"new input '{input.Name}' ({Describe(input)}) that baseline clients do not send");
            }
        }

        foreach (var output in baseline.Outputs)
        {
            Compare(changes, "output", output, Find(candidate.Outputs, output.Name));
        }

        return changes.ToImmutable();
    }

    /// <summary><c>[-1, 3, 224, 224]</c>.</summary>
    internal static string ShapeText(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static void Compare(ImmutableArray<string>.Builder changes, string kind, TensorSpec baseline, TensorSpec? candidate)
    {
        if (candidate is null)
        {
            changes.Add($"{kind} '{baseline.Name}' ({Describe(baseline)}) removed");
            return;
        }

        if (!string.Equals(baseline.Datatype, candidate.Datatype, StringComparison.Ordinal))
        {
            changes.Add($"{kind} '{baseline.Name}': datatype {baseline.Datatype} → {candidate.Datatype}");
        }

        if (!ShapeCompatible(baseline.Shape, candidate.Shape))
        {
            changes.Add($"{kind} '{baseline.Name}': shape {ShapeText(baseline.Shape)} → {ShapeText(candidate.Shape)}");
        }
    }

    private static bool ShapeCompatible(IReadOnlyList<long> baseline, IReadOnlyList<long> candidate)
    {
        if (baseline.Count != candidate.Count)
        {
            return false;
        }

        for (var i = 0; i < baseline.Count; i++)
        {
            if (candidate[i] != baseline[i] && candidate[i] != -1)
            {
                return false;
            }
        }

        return true;
    }

    // Tensor names are unique in valid metadata; if a file repeats one, the first wins, as a server would resolve it.
    private static TensorSpec? Find(IReadOnlyList<TensorSpec> tensors, string name)
    {
        foreach (var tensor in tensors)
        {
            if (string.Equals(tensor.Name, name, StringComparison.Ordinal))
            {
                return tensor;
            }
        }

        return null;
    }

    private static string Describe(TensorSpec tensor) => $"{tensor.Datatype} {ShapeText(tensor.Shape)}";
}

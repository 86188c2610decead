using System.Globalization;
using Warden.Core.Configuration;

namespace Warden.Core.Rollouts;

/// <summary>
/// A plan's analysis windows and canary steps. Each value is kept with where it was written, so
/// that a conflict between two of them (min_seconds above max_seconds) is reported once, at the
/// value written where the conflict arises, naming both values and where the other one came from.
/// </summary>
internal static partial class RolloutConfigLoader
{
    private const string StepsExpected =
        "a list of canary steps in increasing order, each a percentage or a mapping { weight, min_requests, min_seconds, max_seconds }, e.g. [1, 5, 25, 50, 100]";

    private const string WeightExpected = "a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5";

    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private static readonly NumberRange MinRequestsRange = NumberRange.WholeAtLeast(1);
    private static readonly NumberRange MinSecondsRange = new() { Min = 0, Max = MaxSeconds };
    private static readonly NumberRange MaxSecondsRange = new() { Min = 0, MinInclusive = false, Max = MaxSeconds };

    /// <summary>Reads a window mapping (<c>shadow</c>, <c>step</c>) at <paramref name="path"/>; absent keys keep <paramref name="inherited"/>'s values.</summary>
    private static Window ReadWindow(MappingReader m, string path, Window inherited, SectionPass pass)
    {
        var window = new Window(
            Whole(m, "min_requests", path, inherited.MinRequests, MinRequestsRange) ?? inherited.MinRequests,
            Seconds(m, "min_seconds", path, inherited.MinSeconds, MinSecondsRange) ?? inherited.MinSeconds,
            Seconds(m, "max_seconds", path, inherited.MaxSeconds, MaxSecondsRange) ?? inherited.MaxSeconds);
        CheckWindow(window, path, pass);
        return window;
    }

    /// <summary>
    /// The plan's steps: its own when it has the key, else <paramref name="inherited"/>'s (the
    /// default plan's for a service), in both cases under the plan's own step window
    /// <paramref name="window"/>. Null when a step is bad, so nothing is built on a broken list.
    /// </summary>
    private static IReadOnlyList<StepDraft>? ReadSteps(MappingReader m, string path, IReadOnlyList<StepDraft>? inherited, Window window, SectionPass pass)
    {
        ConfigSequence sequence;
        switch (m.Node("steps"))
        {
            case null:
                // An inherited step that sets some window values of its own now meets this
                // plan's step window: min_seconds from one, max_seconds from the other.
                foreach (var step in inherited ?? [])
                {
                    CheckWindow(Resolve(step, window), $"{path}.step", pass);
                }

                return inherited;
            case ConfigSequence { Items.Count: 0 } empty:
                m.Error(empty, "steps", "the list is empty; a canary needs at least one step", StepsExpected);
                return null;
            case ConfigScalar { IsNull: true } none:
                m.Error(none, "steps", "no value given", $"{StepsExpected}, or remove the key");
                return null;
            case ConfigSequence list:
                sequence = list;
                break;
            case var other:
                m.Error(other, "steps", $"{other.Describe()} is not a list", StepsExpected);
                return null;
        }

        var steps = new List<StepDraft>();
        var good = true;
        (int Index, decimal Weight)? previous = null;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var (step, weightNode, weightKey) = item is ConfigMapping mapping
                ? ReadMappingStep(m, mapping, $"{path}.steps[{i}]", i, window, pass)
                : (ReadWeight(m, item, $"steps[{i}]") is { } weight ? new StepDraft(weight, null, null, null) : null, item, $"steps[{i}]");
            if (step is null)
            {
                good = false;
                continue;
            }

            if (previous is { } p && step.Weight <= p.Weight)
            {
                m.Error(
                    weightNode,
                    weightKey,
                    $"step {i + 1} is {Percent(step.Weight)} %, not above step {p.Index + 1} ({Percent(p.Weight)} %)",
                    "weights in strictly increasing order, each step giving the canary more traffic, e.g. [1, 5, 25, 50, 100]");
                good = false;
            }

            previous = (i, step.Weight);
            steps.Add(step);
        }

        return good ? steps : null;
    }

    private static (StepDraft? Step, ConfigNode WeightNode, string WeightKey) ReadMappingStep(
        MappingReader m, ConfigMapping mapping, string path, int index, Window window, SectionPass pass)
    {
        // A step in a list has no key of its own to read it by: read as a document of its own,
        // its errors moved under steps[i].
        var scratch = new ConfigErrorLog(m.Log.Source);
        var s = MappingReader.Document(mapping, scratch, StepShape);
        var minRequests = Whole(s, "min_requests", path, window.MinRequests, MinRequestsRange);
        var minSeconds = Seconds(s, "min_seconds", path, window.MinSeconds, MinSecondsRange);
        var maxSeconds = Seconds(s, "max_seconds", path, window.MaxSeconds, MaxSecondsRange);
        decimal? weight = null;
        if (s.Node("weight") is { } node)
        {
            weight = ReadWeight(s, node, "weight");
        }
        else
        {
            s.Missing("weight", WeightExpected);
        }

        foreach (var error in scratch.InFileOrder())
        {
            var field = error.Field.Length == 0 ? $"steps[{index}]" : $"steps[{index}].{error.Field}";
            m.Log.Add(error.Line, error.Column, m.FieldOf(field), error.Problem, error.Expected);
        }

        if (weight is not { } w)
        {
            return (null, mapping, $"steps[{index}]");
        }

        var step = new StepDraft(w, minRequests, minSeconds, maxSeconds);
        CheckWindow(Resolve(step, window), path, pass);
        return (step, s.Node("weight")!, $"steps[{index}].weight");
    }

    /// <summary>
    /// A weight as the gateway can route it: above 0, at most 100, in steps of 0.01 (the route
    /// table keeps basis points; Warden.Gateway's CanaryWeight holds the same rule for route
    /// weights). Read as a decimal from the text, so 12.35 is exactly 12.35, not its binary neighbour.
    /// </summary>
    private static decimal? ReadWeight(MappingReader m, ConfigNode node, string key)
    {
        switch (node)
        {
            case ConfigScalar { IsNull: true } empty:
                m.Error(empty, key, "no weight given", WeightExpected);
                return null;
            case ConfigScalar { Tag: { } tag } tagged when tag is not ("!!int" or "!!float"):
                m.Error(
                    tagged,
                    key,
                    tagged.TagMeaning is { } meaning
                        ? $"{tagged.Describe()} is tagged {tag}, so YAML reads it as {meaning}, not a number"
                        : $"{tagged.Describe()} has the tag {tag}, which Warden does not read; it expects a number",
                    $"{WeightExpected}, without the tag");
                return null;
            case ConfigScalar { IsQuoted: true } quoted:
                m.Error(quoted, key, $"{quoted.Describe()} is quoted, so YAML reads it as a string, not a number", $"{WeightExpected}, without quotes");
                return null;
            case ConfigScalar scalar:
                if (decimal.TryParse(scalar.Value, NumberStyle, CultureInfo.InvariantCulture, out var weight))
                {
                    if (weight > 0 && weight <= 100 && decimal.Round(weight, 2) == weight)
                    {
                        // Through basis points, so 5.0 and 5 are the same weight and print alike.
                        return decimal.ToInt32(weight * 100) / 100m;
                    }
                }
                else if (!double.TryParse(scalar.Value, NumberStyle, CultureInfo.InvariantCulture, out _))
                {
                    m.Error(scalar, key, $"{scalar.Describe()} is not a number", WeightExpected);
                    return null;
                }

                m.Error(scalar, key, $"canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently {scalar.Value}", WeightExpected);
                return null;
            default:
                m.Error(node, key, $"{node.Describe()} is not a number", WeightExpected);
                return null;
        }
    }

    /// <summary>
    /// Reports min_seconds above max_seconds once, at a value written in <paramref name="scope"/>
    /// (max_seconds first): two values both written elsewhere met there already and were checked.
    /// </summary>
    private static void CheckWindow(Window window, string scope, SectionPass pass)
    {
        var (min, max) = (window.MinSeconds, window.MaxSeconds);
        if (!min.Valid || !max.Valid || min.Value <= max.Value)
        {
            return;
        }

        var (at, key) = max.WrittenIn == scope ? (max.At, "max_seconds") : min.WrittenIn == scope ? (min.At, "min_seconds") : (null, null);
        if (at is null || !pass.Reported.Add(at))
        {
            return;
        }

        pass.Log.Add(
            at,
            $"{scope}.{key}",
            $"min_seconds {Describe(min, scope)} is greater than max_seconds {Describe(max, scope)}",
            "min_seconds at most max_seconds (a window is judged from min_seconds on and stops waiting at max_seconds): lower min_seconds or raise max_seconds");
    }

    private static string Describe(Setting<double> setting, string scope)
    {
        var value = NumberRange.Format(setting.Value);
        return setting.WrittenIn == scope ? value
            : setting.WrittenIn is null ? $"{value} (default)"
            : $"{value} (from {setting.WrittenIn})";
    }

    private static Window Resolve(StepDraft step, Window window) => new(
        step.MinRequests ?? window.MinRequests,
        step.MinSeconds ?? window.MinSeconds,
        step.MaxSeconds ?? window.MaxSeconds);

    // The key's value with where it was written; null when the key is absent.
    private static Setting<long>? Whole(MappingReader m, string key, string path, Setting<long> fallback, NumberRange range)
    {
        if (!m.Has(key))
        {
            return null;
        }

        var before = m.Log.Count;
        var value = m.WholeNumber(key, fallback.Value, range);
        return new Setting<long>(value, m.Node(key), path, m.Log.Count == before);
    }

    private static Setting<double>? Seconds(MappingReader m, string key, string path, Setting<double> fallback, NumberRange range)
    {
        if (!m.Has(key))
        {
            return null;
        }

        var before = m.Log.Count;
        var value = m.Number(key, fallback.Value, range);
        return new Setting<double>(value, m.Node(key), path, m.Log.Count == before);
    }

    private static string Percent(decimal weight) => weight.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value, the node it was read from and the dotted path of the mapping it was written in (null: a built-in default); not <paramref name="Valid"/> when it was reported bad.</summary>
    private readonly record struct Setting<T>(T Value, ConfigNode? At, string? WrittenIn, bool Valid = true);

    /// <summary>An analysis window: minimum requests, minimum and maximum duration (seconds).</summary>
    private sealed record Window(Setting<long> MinRequests, Setting<double> MinSeconds, Setting<double> MaxSeconds)
    {
        public static Window Default(CanaryStep step) => new(
            new(step.MinRequests, null, null),
            new(step.MinDuration.TotalSeconds, null, null),
            new(step.MaxDuration.TotalSeconds, null, null));
    }

    /// <summary>A step as written: its weight, and the window values it sets itself (null: the plan's step window).</summary>
    private sealed record StepDraft(decimal Weight, Setting<long>? MinRequests, Setting<double>? MinSeconds, Setting<double>? MaxSeconds);

    /// <summary>A plan as read, before its steps are resolved against its step window.</summary>
    private sealed record PlanDraft
    {
        public required Window Shadow { get; init; }

        public required Window Step { get; init; }

        /// <summary>Null when the list was bad (reported).</summary>
        public required IReadOnlyList<StepDraft>? Steps { get; init; }

        public required InconclusiveAction OnInconclusive { get; init; }

        public required bool RequireApproval { get; init; }

        public required double BakeMinutes { get; init; }

        public required string? EvidencePath { get; init; }
    }

    /// <summary>What every reader of one section shares: the file's log, its context, and the nodes already blamed for a window conflict.</summary>
    private sealed class SectionPass(ConfigErrorLog log, ConfigContext context)
    {
        public ConfigErrorLog Log { get; } = log;

        public ConfigContext Context { get; } = context;

        public HashSet<ConfigNode> Reported { get; } = new(ReferenceEqualityComparer.Instance);
    }
}

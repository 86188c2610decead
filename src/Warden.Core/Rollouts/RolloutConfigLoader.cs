using Warden.Core.Configuration;

namespace Warden.Core.Rollouts;

/// <summary>
/// Reads the <c>rollout:</c> section of <c>warden.yaml</c> into <see cref="RolloutOptions"/>: the
/// controller's interval and lease, the default plan (<c>rollout.plan</c>) and a plan per service
/// (<c>rollout.services</c>), whose keys each default to the plan's. Same walker and error style as
/// the policy and gateway sections: every error collected with file:line:column, the key and the
/// fix; a misspelt key gets the closest known one.
/// </summary>
internal static partial class RolloutConfigLoader
{
    // Shapes first: KnownKeys below is built from them, and static fields initialize in order.
    private static readonly MappingShape ControllerShape = new(["interval_ms", "lease_ms"]);

    /// <summary>Keys of a plan: <c>rollout.plan</c>, and each service under <c>rollout.services</c>.</summary>
    internal static readonly MappingShape PlanShape = new(["shadow", "steps", "step", "on_inconclusive", "require_approval", "bake_minutes", "evidence"]);

    // A plan's analysis windows: shadow, and step (for steps written as bare percentages).
    private static readonly MappingShape WindowShape = new(["min_requests", "min_seconds", "max_seconds"]);

    /// <summary>Keys of a step written as a mapping in <c>steps</c>.</summary>
    internal static readonly MappingShape StepShape = new(["weight", "min_requests", "min_seconds", "max_seconds"]);

    private static readonly MappingShape SectionShape = new(["controller", "plan", "services"]);

    /// <summary>
    /// The fixed mappings of the section by dotted path. A service's plan sits under a name the
    /// user chooses and a mapping step inside a list, so the schema describes those as
    /// <c>$defs</c> (<c>rolloutPlan</c>, <c>rolloutStep</c>) and a test compares them with
    /// <see cref="PlanKeys"/> and <see cref="StepKeys"/>.
    /// </summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["rollout"] = SectionShape.Keys,
            ["rollout.controller"] = ControllerShape.Keys,
            ["rollout.plan"] = PlanShape.Keys,
            ["rollout.plan.shadow"] = WindowShape.Keys,
            ["rollout.plan.step"] = WindowShape.Keys,
        };

    /// <summary>The keys of a plan (for the schema test of <c>$defs/rolloutPlan</c>).</summary>
    internal static IReadOnlyList<string> PlanKeys => PlanShape.Keys;

    /// <summary>The keys of a mapping step (for the schema test of <c>$defs/rolloutStep</c>).</summary>
    internal static IReadOnlyList<string> StepKeys => StepShape.Keys;

    /// <summary>The <c>rollout:</c> section as a reader of the one <c>warden.yaml</c> loader (<see cref="ConfigFileLoader"/>).</summary>
    internal static IConfigSection Section { get; } = new RolloutSection();

    // Durations are capped so that every accepted value fits a TimeSpan with room to spare; a
    // step or a bake longer than 30 days is a plan nobody watches.
    private const int MaxMilliseconds = 3_600_000;
    private const double MaxSeconds = 2_592_000;
    private const double MaxBakeMinutes = 43_200;

    private const string ServicesExpected =
        "a mapping of service names (those of gateway.services) to plans with the keys of rollout.plan, e.g. ranker: { steps: [5, 50, 100] }";

    private const string EvidenceExpected =
        "an evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute (default: none)";

    private static readonly string[] InconclusiveActions = ["pause", "rollback"];

    private static RolloutOptions Read(MappingReader rollout, ConfigContext context)
    {
        var d = new RolloutOptions();
        var pass = new SectionPass(rollout.Log, context);
        var (intervalMs, leaseMs) = ReadController(rollout.Section("controller", ControllerShape), d);
        var plan = ReadPlan(rollout.Section("plan", PlanShape), rollout.FieldOf("plan"), Defaults(d.Defaults), pass);
        return new RolloutOptions
        {
            Interval = TimeSpan.FromMilliseconds(intervalMs),
            LeaseDuration = TimeSpan.FromMilliseconds(leaseMs),
            Defaults = ToPlan(plan),
            Services = ReadServices(rollout, plan, pass),
        };
    }

    private static (int IntervalMs, int LeaseMs) ReadController(MappingReader m, RolloutOptions d)
    {
        var before = m.Log.Count;
        var interval = m.Int32("interval_ms", (int)d.Interval.TotalMilliseconds, NumberRange.WholeFrom(100, MaxMilliseconds));
        var intervalRead = m.Log.Count == before;
        before = m.Log.Count;

        // 300 = 3 × the shortest interval: no lease below it can pass the rule that follows.
        var lease = m.Int32("lease_ms", (int)d.LeaseDuration.TotalMilliseconds, NumberRange.WholeFrom(300, MaxMilliseconds));
        if (!intervalRead || m.Log.Count != before || lease >= 3L * interval)
        {
            return (interval, lease);
        }

        // Three intervals: a leader that renews its lease as it looks may be late twice before
        // another server takes over its rollouts.
        var expected = $"lease_ms of at least 3 × interval_ms ({3 * interval}), or interval_ms of at most lease_ms / 3 ({lease / 3})";
        if (m.Node("lease_ms") is { } leaseNode)
        {
            m.Error(leaseNode, "lease_ms", $"lease_ms {lease} is less than 3 × interval_ms {interval}", expected);
        }
        else
        {
            m.Error(m.Node("interval_ms")!, "interval_ms", $"interval_ms {interval} needs a lease_ms of at least {3 * interval}, and lease_ms is {lease} (default)", expected);
        }

        return (interval, lease);
    }

    /// <summary>Reads one plan; every key it leaves out takes its value from <paramref name="inherited"/>.</summary>
    /// <param name="m">The plan's mapping.</param>
    /// <param name="path">Its full dotted path (<c>rollout.plan</c>, <c>rollout.services.ranker</c>), which <paramref name="m"/>'s own fields may lack.</param>
    /// <param name="inherited">The built-in defaults for <c>rollout.plan</c>; <c>rollout.plan</c> for a service.</param>
    /// <param name="pass">The section's log and context.</param>
    private static PlanDraft ReadPlan(MappingReader m, string path, PlanDraft inherited, SectionPass pass)
    {
        var shadow = ReadWindow(m.Section("shadow", WindowShape), $"{path}.shadow", inherited.Shadow, pass);
        var step = ReadWindow(m.Section("step", WindowShape), $"{path}.step", inherited.Step, pass);
        return new PlanDraft
        {
            Shadow = shadow,
            Step = step,
            Steps = ReadSteps(m, path, inherited.Steps, step, pass),
            OnInconclusive = m.Choice("on_inconclusive", Name(inherited.OnInconclusive), InconclusiveActions) == "rollback"
                ? InconclusiveAction.Rollback
                : InconclusiveAction.Pause,
            RequireApproval = m.Boolean("require_approval", inherited.RequireApproval),
            BakeMinutes = m.Number("bake_minutes", inherited.BakeMinutes, new NumberRange { Min = 0, Max = MaxBakeMinutes }),
            EvidencePath = ReadEvidence(m, inherited.EvidencePath, pass.Context),
        };
    }

    private static string? ReadEvidence(MappingReader m, string? inherited, ConfigContext context)
    {
        if (m.Text("evidence", EvidenceExpected) is not { } scalar)
        {
            return inherited;
        }

        return ConfigFilePath.Existing(
            m,
            scalar,
            "evidence",
            context,
            "an evidence bundle",
            EvidenceExpected,
            "an existing evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute: correct the path, or remove the key") ?? inherited;
    }

    private static Dictionary<string, RolloutPlan> ReadServices(MappingReader rollout, PlanDraft plan, SectionPass pass)
    {
        var services = new Dictionary<string, RolloutPlan>(StringComparer.Ordinal);
        var field = rollout.FieldOf("services");
        switch (rollout.Node("services"))
        {
            case null or ConfigScalar { IsNull: true }:
                return services;
            case ConfigMapping mapping:
                var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (keyNode, value) in mapping.Entries)
                {
                    if (keyNode is not ConfigScalar { IsNull: false, Value.Length: > 0 } key)
                    {
                        pass.Log.Add(keyNode, field, $"{keyNode.Describe()} is used as a service name", "a service name of gateway.services");
                        continue;
                    }

                    var serviceField = $"{field}.{key.Value}";
                    if (firstLine.TryGetValue(key.Value, out var line))
                    {
                        pass.Log.Add(key, serviceField, $"duplicate service '{key.Value}' (first given on line {line})", "each service once; merge the two plans into one");
                        continue;
                    }

                    firstLine.Add(key.Value, key.Line);
                    if (ReadService(value, serviceField, plan, pass) is { } servicePlan)
                    {
                        services.Add(key.Value, servicePlan);
                    }
                }

                return services;
            case var other:
                pass.Log.Add(other, field, $"{other.Describe()} is not a mapping", ServicesExpected);
                return services;
        }
    }

    private static RolloutPlan? ReadService(ConfigNode value, string serviceField, PlanDraft plan, SectionPass pass)
    {
        switch (value)
        {
            case ConfigScalar { IsNull: true }:
                // "ranker:" alone: the plan as it is.
                return ToPlan(plan);
            case ConfigMapping node:
                // A service sits under a name the user chose, and MappingReader builds readers
                // for fixed keys only: it is read as a document of its own and its errors moved
                // under its full path, as gateway.services are.
                var scratch = new ConfigErrorLog(pass.Log.Source);
                var draft = ReadPlan(MappingReader.Document(node, scratch, PlanShape), serviceField, plan, pass);
                MoveErrors(scratch, pass.Log, serviceField);
                return ToPlan(draft);
            default:
                pass.Log.Add(value, serviceField, $"{value.Describe()} is not a mapping", $"a mapping with the keys {PlanShape.KeyList}, each defaulting to rollout.plan's");
                return null;
        }
    }

    // Errors of a mapping read as a document of its own, moved under its full path in the file's log.
    private static void MoveErrors(ConfigErrorLog from, ConfigErrorLog to, string prefix)
    {
        foreach (var error in from.InFileOrder())
        {
            to.Add(error.Line, error.Column, error.Field.Length == 0 ? prefix : $"{prefix}.{error.Field}", error.Problem, error.Expected);
        }
    }

    private static RolloutPlan ToPlan(PlanDraft plan) => new()
    {
        Shadow = ToStep(0, plan.Shadow),
        Steps = plan.Steps is null ? [] : [.. plan.Steps.Select(s => ToStep(s.Weight, Resolve(s, plan.Step)))],
        OnInconclusive = plan.OnInconclusive,
        RequireApproval = plan.RequireApproval,
        BakeTime = TimeSpan.FromMinutes(plan.BakeMinutes),
        EvidencePath = plan.EvidencePath,
    };

    private static CanaryStep ToStep(decimal weight, Window window) => new()
    {
        WeightPercent = weight,
        MinRequests = window.MinRequests.Value,
        MinDuration = TimeSpan.FromSeconds(window.MinSeconds.Value),
        MaxDuration = TimeSpan.FromSeconds(window.MaxSeconds.Value),
    };

    // RolloutPlan's defaults as a draft: nothing written anywhere, every step a bare percentage.
    private static PlanDraft Defaults(RolloutPlan plan)
    {
        var step = new CanaryStep { WeightPercent = 0 };
        return new PlanDraft
        {
            Shadow = Window.Default(plan.Shadow),
            Step = Window.Default(step),
            Steps = [.. plan.Steps.Select(s => new StepDraft(s.WeightPercent, null, null, null))],
            OnInconclusive = plan.OnInconclusive,
            RequireApproval = plan.RequireApproval,
            BakeMinutes = plan.BakeTime.TotalMinutes,
            EvidencePath = plan.EvidencePath,
        };
    }

    private static string Name(InconclusiveAction action) => action == InconclusiveAction.Rollback ? "rollback" : "pause";

    private sealed class RolloutSection : IConfigSection
    {
        public string Name => "rollout";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => "a rollout: section (see docs/rollouts.md)";

        // A plan for a service the gateway does not route would never be used: a misspelt name
        // would silently leave the real service on the default plan.
        public IReadOnlyList<ConfigNameReference> NameReferences { get; } = [new("rollout.services", "gateway.services", "service")];

        public object Read(MappingReader section, ConfigContext context) => RolloutConfigLoader.Read(section, context);
    }
}

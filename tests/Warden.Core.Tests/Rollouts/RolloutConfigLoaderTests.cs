using Warden.Core.Configuration;
using Warden.Core.Rollouts;
using Warden.Tests.Support;

namespace Warden.Core.Tests.Rollouts;

/// <summary>
/// The <c>rollout:</c> section of warden.yaml: defaults, every key, every refusal with its exact
/// message and a row exactly at each threshold, a service's plan inheriting from <c>plan:</c>,
/// the evidence path, and service names checked against <c>gateway.services</c>.
/// </summary>
public sealed partial class RolloutConfigLoaderTests
{
    private static readonly CanaryStep[] NoSteps = [];

    [Theory]
    [InlineData("")]
    [InlineData("rollout:\n")]
    [InlineData("rollout: {}\n")]
    [InlineData("rollout:\n  controller:\n  plan: {}\n  services:\n")]
    [InlineData("rollout:\n  plan:\n    shadow: {}\n    step:\n")]
    public void Load_EmptyFileOrSection_GivesDefaults(string yaml)
    {
        var options = LoadOk(yaml);

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)), (options.Interval, options.LeaseDuration));
        AssertPlan(new RolloutPlan(), options.Defaults);
        Assert.Empty(options.Services);
    }

    [Fact]
    public void Load_EmptyFile_DefaultsAreTheDesignValues()
    {
        var plan = LoadOk(string.Empty).Defaults;

        // Restated so that a changed default is a visible decision.
        Assert.Equal(new CanaryStep { WeightPercent = 0, MinRequests = 1000, MinDuration = TimeSpan.FromSeconds(300), MaxDuration = TimeSpan.FromSeconds(3600) }, plan.Shadow);
        Assert.Equal([1m, 5m, 25m, 50m, 100m], plan.Steps.Select(s => s.WeightPercent));
        Assert.All(plan.Steps, s => Assert.Equal((1000L, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1800)), (s.MinRequests, s.MinDuration, s.MaxDuration)));
        Assert.Equal((InconclusiveAction.Pause, false, TimeSpan.FromMinutes(30)), (plan.OnInconclusive, plan.RequireApproval, plan.BakeTime));
        Assert.Null(plan.EvidencePath);
    }

    [Fact]
    public void Load_EveryKey_ReadsEveryValue()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("evidence.yaml"), "deployment_id: x\n");
        File.WriteAllText(folder.File("ranker-evidence.yaml"), "deployment_id: y\n");
        var yaml = """
            rollout:
              controller: { interval_ms: 250, lease_ms: 2000 }
              plan:
                shadow: { min_requests: 200, min_seconds: 0.5, max_seconds: 90 }
                steps: [2, { weight: 12.5, min_requests: 50, min_seconds: 1.5, max_seconds: 20 }, 80]
                step: { min_requests: 300, min_seconds: 10, max_seconds: 60 }
                on_inconclusive: rollback
                require_approval: true
                bake_minutes: 0.05
                evidence: evidence.yaml
              services:
                ranker:
                  shadow: { min_requests: 10, min_seconds: 1, max_seconds: 2 }
                  steps: [{ weight: 0.01, max_seconds: 5 }, 100]
                  step: { min_requests: 5, min_seconds: 3, max_seconds: 4 }
                  on_inconclusive: pause
                  require_approval: false
                  bake_minutes: 0
                  evidence: ranker-evidence.yaml
            """;

        var options = LoadOk(yaml, folder.Path);

        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(2000)), (options.Interval, options.LeaseDuration));
        AssertPlan(
            new RolloutPlan
            {
                Shadow = Step(0, 200, 0.5, 90),
                Steps = [Step(2, 300, 10, 60), Step(12.5m, 50, 1.5, 20), Step(80, 300, 10, 60)],
                OnInconclusive = InconclusiveAction.Rollback,
                RequireApproval = true,
                BakeTime = TimeSpan.FromSeconds(3),
                EvidencePath = folder.File("evidence.yaml"),
            },
            options.Defaults);
        AssertPlan(
            new RolloutPlan
            {
                Shadow = Step(0, 10, 1, 2),
                Steps = [Step(0.01m, 5, 3, 5), Step(100, 5, 3, 4)],
                OnInconclusive = InconclusiveAction.Pause,
                RequireApproval = false,
                BakeTime = TimeSpan.Zero,
                EvidencePath = folder.File("ranker-evidence.yaml"),
            },
            Assert.Single(options.Services, s => s.Key == "ranker").Value);
    }

    [Fact]
    public void Load_ServicePlan_KeysLeftOutTakeThePlansValues()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("evidence.yaml"), "deployment_id: x\n");
        var yaml = """
            rollout:
              plan:
                shadow: { min_requests: 400, max_seconds: 900 }
                steps: [{ weight: 2, min_seconds: 10 }, 20, 60]
                step: { min_requests: 50, max_seconds: 600 }
                on_inconclusive: rollback
                require_approval: true
                bake_minutes: 5
                evidence: evidence.yaml
              services:
                ranker:
                  shadow: { min_seconds: 30 }
                  step: { min_seconds: 30 }
                search:
                  steps: [50]
                  bake_minutes: 1
                same:
            """;

        var options = LoadOk(yaml, folder.Path);

        var plan = options.Defaults;
        Assert.Equal([Step(2, 50, 10, 600), Step(20, 50, 120, 600), Step(60, 50, 120, 600)], plan.Steps);
        Assert.Equal(Step(0, 400, 300, 900), plan.Shadow);

        // ranker: its own window values, the plan's for the rest, over the plan's steps; a step
        // that set min_seconds itself keeps it.
        var ranker = options.PlanFor("ranker");
        Assert.Equal(Step(0, 400, 30, 900), ranker.Shadow);
        Assert.Equal([Step(2, 50, 10, 600), Step(20, 50, 30, 600), Step(60, 50, 30, 600)], ranker.Steps);
        AssertPlan(plan with { Shadow = ranker.Shadow, Steps = ranker.Steps }, ranker);

        // search: its own steps under the plan's step window; everything else from the plan.
        var search = options.PlanFor("search");
        Assert.Equal([Step(50, 50, 120, 600)], search.Steps);
        AssertPlan(plan with { Steps = search.Steps, BakeTime = TimeSpan.FromMinutes(1) }, search);

        // An entry without keys is the plan as it is; a service without an entry gets the plan itself.
        AssertPlan(plan, options.PlanFor("same"));
        Assert.Same(plan, options.PlanFor("other"));
    }

    [Theory]
    [InlineData("controller: { interval_ms: 100 }")]
    [InlineData("controller: { interval_ms: 5000 }")]
    [InlineData("controller: { interval_ms: 1000, lease_ms: 3000 }")]
    [InlineData("controller: { interval_ms: 100, lease_ms: 300 }")]
    [InlineData("controller: { interval_ms: 1200000, lease_ms: 3600000 }")]
    [InlineData("plan: { steps: [0.01] }")]
    [InlineData("plan: { steps: [100] }")]
    [InlineData("plan: { steps: [12.35, 12.36] }")]
    [InlineData("plan: { steps: [1e0, 2.50, 99.99] }")]
    [InlineData("plan: { steps: [!!int 5, !!float 10] }")]
    [InlineData("plan: { steps: [5, 50] }")]
    [InlineData("plan: { step: { min_requests: 1 } }")]
    [InlineData("plan: { step: { min_seconds: 0 } }")]
    [InlineData("plan: { step: { min_seconds: 60, max_seconds: 60 } }")]
    [InlineData("plan: { shadow: { min_seconds: 0, max_seconds: 0.5 } }")]
    [InlineData("plan: { step: { max_seconds: 2592000 } }")]
    [InlineData("plan: { steps: [{ weight: 5, min_seconds: 1800 }] }")]
    [InlineData("plan: { bake_minutes: 0 }")]
    [InlineData("plan: { bake_minutes: 43200 }")]
    public void Load_ValueAtItsThreshold_Accepted(string line)
    {
        LoadOk($"rollout:\n  {line}\n");
    }

    [Theory]
    [InlineData(
        "controller: { interval_ms: 99 }",
        "warden.yaml:2:30: rollout.controller.interval_ms: 99 is out of range; expected a whole number from 100 to 3600000 (default 1000)")]
    [InlineData(
        "controller: { interval_ms: 3600001 }",
        "warden.yaml:2:30: rollout.controller.interval_ms: 3600001 is out of range; expected a whole number from 100 to 3600000 (default 1000)")]
    [InlineData(
        "controller: { interval_ms: 2.5 }",
        "warden.yaml:2:30: rollout.controller.interval_ms: 2.5 is not a whole number; expected a whole number from 100 to 3600000 (default 1000)")]
    [InlineData(
        "controller: { interval_ms: 1000, lease_ms: 2999 }",
        "warden.yaml:2:46: rollout.controller.lease_ms: lease_ms 2999 is less than 3 × interval_ms 1000; expected lease_ms of at least 3 × interval_ms (3000), or interval_ms of at most lease_ms / 3 (999)")]
    [InlineData(
        "controller: { interval_ms: 5001 }",
        "warden.yaml:2:30: rollout.controller.interval_ms: interval_ms 5001 needs a lease_ms of at least 15003, and lease_ms is 15000 (default); expected lease_ms of at least 3 × interval_ms (15003), or interval_ms of at most lease_ms / 3 (5000)")]
    [InlineData(
        "controller: { interval_ms: 100, lease_ms: 299 }",
        "warden.yaml:2:45: rollout.controller.lease_ms: 299 is out of range; expected a whole number from 300 to 3600000 (default 15000)")]
    [InlineData(
        "controller: { lease_ms: 3600001 }",
        "warden.yaml:2:27: rollout.controller.lease_ms: 3600001 is out of range; expected a whole number from 300 to 3600000 (default 15000)")]
    [InlineData(
        "controller: { intervl_ms: 500 }",
        "warden.yaml:2:17: rollout.controller.intervl_ms: unknown key 'intervl_ms'; did you mean 'interval_ms'?; expected one of interval_ms, lease_ms")]
    [InlineData(
        "plan: { steps: [0] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently 0; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [100.001] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently 100.001; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [100.01] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently 100.01; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [12.345] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently 12.345; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [0.009] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently 0.009; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [-5] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently -5; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [1e400] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: canary step weight must be above 0 and at most 100 (percent, 0.01 resolution); currently 1e400; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [five] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: 'five' is not a number; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [\"5\"] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: '5' is quoted, so YAML reads it as a string, not a number; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5, without quotes")]
    [InlineData(
        "plan: { steps: [!!str 5] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: '5' is tagged !!str, so YAML reads it as a string, not a number; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5, without the tag")]
    [InlineData(
        "plan: { steps: [[5]] }",
        "warden.yaml:2:19: rollout.plan.steps[0]: a list is not a number; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [5, 5] }",
        "warden.yaml:2:22: rollout.plan.steps[1]: step 2 is 5 %, not above step 1 (5 %); expected weights in strictly increasing order, each step giving the canary more traffic, e.g. [1, 5, 25, 50, 100]")]
    [InlineData(
        "plan: { steps: [25, { weight: 5 }] }",
        "warden.yaml:2:33: rollout.plan.steps[1].weight: step 2 is 5 %, not above step 1 (25 %); expected weights in strictly increasing order, each step giving the canary more traffic, e.g. [1, 5, 25, 50, 100]")]
    [InlineData(
        "plan: { steps: [] }",
        "warden.yaml:2:18: rollout.plan.steps: the list is empty; a canary needs at least one step; expected a list of canary steps in increasing order, each a percentage or a mapping { weight, min_requests, min_seconds, max_seconds }, e.g. [1, 5, 25, 50, 100]")]
    [InlineData(
        "plan: { steps: 5 }",
        "warden.yaml:2:18: rollout.plan.steps: '5' is not a list; expected a list of canary steps in increasing order, each a percentage or a mapping { weight, min_requests, min_seconds, max_seconds }, e.g. [1, 5, 25, 50, 100]")]
    [InlineData(
        "plan: { steps: [{ min_seconds: 5 }] }",
        "warden.yaml:2:19: rollout.plan.steps[0].weight: missing required key 'weight'; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5")]
    [InlineData(
        "plan: { steps: [{ weight: 5, min_second: 5 }] }",
        "warden.yaml:2:32: rollout.plan.steps[0].min_second: unknown key 'min_second'; did you mean 'min_seconds'?; expected one of weight, min_requests, min_seconds, max_seconds")]
    [InlineData(
        "plan: { steps: [{ weight: 5, min_requests: 0 }] }",
        "warden.yaml:2:46: rollout.plan.steps[0].min_requests: 0 is out of range; expected a whole number of at least 1 (default 1000)")]
    [InlineData(
        "plan: { step: { min_requests: 0 } }",
        "warden.yaml:2:33: rollout.plan.step.min_requests: 0 is out of range; expected a whole number of at least 1 (default 1000)")]
    [InlineData(
        "plan: { shadow: { min_requests: 1.5 } }",
        "warden.yaml:2:35: rollout.plan.shadow.min_requests: 1.5 is not a whole number; expected a whole number of at least 1 (default 1000)")]
    [InlineData(
        "plan: { step: { min_seconds: -0.5 } }",
        "warden.yaml:2:32: rollout.plan.step.min_seconds: -0.5 is out of range; expected a number from 0 to 2592000 (default 120)")]
    [InlineData(
        "plan: { step: { max_seconds: 0 } }",
        "warden.yaml:2:32: rollout.plan.step.max_seconds: 0 is out of range; expected a number greater than 0 and at most 2592000 (default 1800)")]
    [InlineData(
        "plan: { step: { max_seconds: 2592000.5 } }",
        "warden.yaml:2:32: rollout.plan.step.max_seconds: 2592000.5 is out of range; expected a number greater than 0 and at most 2592000 (default 1800)")]
    [InlineData(
        "plan: { step: { min_seconds: 60.5, max_seconds: 60 } }",
        "warden.yaml:2:51: rollout.plan.step.max_seconds: min_seconds 60.5 is greater than max_seconds 60; expected min_seconds at most max_seconds (a window is judged from min_seconds on and stops waiting at max_seconds): lower min_seconds or raise max_seconds")]
    [InlineData(
        "plan: { shadow: { max_seconds: 299.5 } }",
        "warden.yaml:2:34: rollout.plan.shadow.max_seconds: min_seconds 300 (default) is greater than max_seconds 299.5; expected min_seconds at most max_seconds (a window is judged from min_seconds on and stops waiting at max_seconds): lower min_seconds or raise max_seconds")]
    [InlineData(
        "plan: { steps: [{ weight: 5, min_seconds: 1800.5 }] }",
        "warden.yaml:2:45: rollout.plan.steps[0].min_seconds: min_seconds 1800.5 is greater than max_seconds 1800 (default); expected min_seconds at most max_seconds (a window is judged from min_seconds on and stops waiting at max_seconds): lower min_seconds or raise max_seconds")]
    [InlineData(
        "plan: { on_inconclusive: rolback }",
        "warden.yaml:2:28: rollout.plan.on_inconclusive: 'rolback' is not a valid value; did you mean 'rollback'?; expected pause or rollback (default pause)")]
    [InlineData(
        "plan: { require_approval: yes }",
        "warden.yaml:2:29: rollout.plan.require_approval: 'yes' is not a boolean in YAML 1.2; expected true or false (default false)")]
    [InlineData(
        "plan: { bake_minutes: -0.01 }",
        "warden.yaml:2:25: rollout.plan.bake_minutes: -0.01 is out of range; expected a number from 0 to 43200 (default 30)")]
    [InlineData(
        "plan: { bake_minutes: 43200.5 }",
        "warden.yaml:2:25: rollout.plan.bake_minutes: 43200.5 is out of range; expected a number from 0 to 43200 (default 30)")]
    [InlineData(
        "plan: { stpes: [5] }",
        "warden.yaml:2:11: rollout.plan.stpes: unknown key 'stpes'; did you mean 'steps'?; expected one of shadow, steps, step, on_inconclusive, require_approval, bake_minutes, evidence")]
    [InlineData(
        "plan: { evidence: '' }",
        "warden.yaml:2:21: rollout.plan.evidence: the value is an empty string; expected an evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute (default: none)")]
    [InlineData(
        "services: [ranker]",
        "warden.yaml:2:13: rollout.services: a list is not a mapping; expected a mapping of service names (those of gateway.services) to plans with the keys of rollout.plan, e.g. ranker: { steps: [5, 50, 100] }")]
    [InlineData(
        "services: { ranker: 5 }",
        "warden.yaml:2:23: rollout.services.ranker: '5' is not a mapping; expected a mapping with the keys shadow, steps, step, on_inconclusive, require_approval, bake_minutes, evidence, each defaulting to rollout.plan's")]
    [InlineData(
        "services: { ranker: { bake_minuts: 5 } }",
        "warden.yaml:2:25: rollout.services.ranker.bake_minuts: unknown key 'bake_minuts'; did you mean 'bake_minutes'?; expected one of shadow, steps, step, on_inconclusive, require_approval, bake_minutes, evidence")]
    [InlineData(
        "services: { ranker: { steps: [50, 20] } }",
        "warden.yaml:2:37: rollout.services.ranker.steps[1]: step 2 is 20 %, not above step 1 (50 %); expected weights in strictly increasing order, each step giving the canary more traffic, e.g. [1, 5, 25, 50, 100]")]
    [InlineData(
        "services: { ranker: { shadow: { max_seconds: 10 } } }",
        "warden.yaml:2:48: rollout.services.ranker.shadow.max_seconds: min_seconds 300 (default) is greater than max_seconds 10; expected min_seconds at most max_seconds (a window is judged from min_seconds on and stops waiting at max_seconds): lower min_seconds or raise max_seconds")]
    [InlineData(
        "services: { ranker: {}, ranker: {} }",
        "warden.yaml:2:27: rollout.services.ranker: duplicate service 'ranker' (first given on line 2); expected each service once; merge the two plans into one")]
    [InlineData(
        "servics: {}",
        "warden.yaml:2:3: rollout.servics: unknown key 'servics'; did you mean 'services'?; expected one of controller, plan, services")]
    public void Load_BadValue_ExactMessageAtTheValue(string line, string error)
    {
        var file = Load($"rollout:\n  {line}\n");

        Assert.Equal(error, Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_MisspeltWeight_UnknownKeyAndMissingWeightBothReported()
    {
        var file = Load("rollout:\n  plan: { steps: [{ wieght: 5 }] }\n");

        Assert.Equal(
            [
                "warden.yaml:2:19: rollout.plan.steps[0].weight: missing required key 'weight'; expected a percentage above 0 and at most 100 with at most two decimals, e.g. 5 or 12.5",
                "warden.yaml:2:21: rollout.plan.steps[0].wieght: unknown key 'wieght'; did you mean 'weight'?; expected one of weight, min_requests, min_seconds, max_seconds",
            ],
            file.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_ServiceStepWindowMeetsAPlanStep_ErrorNamesWhereEachValueCameFrom()
    {
        // The plan's first step sets min_seconds; ranker's step window lowers max_seconds below it.
        var yaml = """
            rollout:
              plan:
                steps: [{ weight: 5, min_seconds: 100 }, 50]
                step: { min_seconds: 10 }
              services:
                ranker:
                  step: { max_seconds: 50 }
            """;

        var file = Load(yaml);

        Assert.Equal(
            "warden.yaml:7:28: rollout.services.ranker.step.max_seconds: min_seconds 100 (from rollout.plan.steps[0]) is greater than max_seconds 50; "
            + "expected min_seconds at most max_seconds (a window is judged from min_seconds on and stops waiting at max_seconds): lower min_seconds or raise max_seconds",
            Assert.Single(file.Errors).ToString());
    }

    [Fact]
    public void Load_ServiceWindowAndInheritedStepConflictAtOneValue_ReportedOnce()
    {
        // max_seconds 50 is below the default min_seconds (120) of the window and below the plan
        // step's 100: one error at the value, not one per step.
        var yaml = """
            rollout:
              plan:
                steps: [{ weight: 5, min_seconds: 100 }, 50]
              services:
                ranker: { step: { max_seconds: 50 } }
            """;

        var file = Load(yaml);

        var error = Assert.Single(file.Errors);
        Assert.Equal(("rollout.services.ranker.step.max_seconds", 5L, 36L), (error.Field, error.Line, error.Column));
        Assert.Equal("min_seconds 120 (default) is greater than max_seconds 50", error.Problem);
    }

    [Fact]
    public void Load_ConflictInThePlan_NotRepeatedForEveryServiceInheritingIt()
    {
        var yaml = """
            rollout:
              plan:
                step: { min_seconds: 90, max_seconds: 60 }
              services:
                ranker: { bake_minutes: 1 }
                search: { steps: [10, 100] }
            """;

        var file = Load(yaml);

        Assert.Equal("rollout.plan.step.max_seconds", Assert.Single(file.Errors).Field);
    }

    [Fact]
    public void Load_SeveralErrors_AllReportedInFileOrder()
    {
        var yaml = """
            rollout:
              services:
                ranker:
                  steps: [5, 150]
                  bake_minutes: -1
              controller: { interval_ms: 50, lease_ms: 100 }
              plan:
                shadow: { min_seconds: 10, max_seconds: 5 }
                steps: [{ weight: 0 }, 5, 5]
                on_inconclusive: wait
                evidence: missing.yaml
              servics: {}
            """;

        using var folder = new TempDirectory();
        var file = Load(yaml, folder.Path);

        Assert.Equal(
            [
                "4:18 rollout.services.ranker.steps[1]",
                "5:21 rollout.services.ranker.bake_minutes",
                "6:30 rollout.controller.interval_ms",
                "6:44 rollout.controller.lease_ms",
                "8:45 rollout.plan.shadow.max_seconds",
                "9:23 rollout.plan.steps[0].weight",
                "9:31 rollout.plan.steps[2]",
                "10:22 rollout.plan.on_inconclusive",
                "11:15 rollout.plan.evidence",
                "12:3 rollout.servics",
            ],
            file.Errors.Select(e => $"{e.Line}:{e.Column} {e.Field}"));
    }

    private static CanaryStep Step(decimal weight, long minRequests, double minSeconds, double maxSeconds) => new()
    {
        WeightPercent = weight,
        MinRequests = minRequests,
        MinDuration = TimeSpan.FromSeconds(minSeconds),
        MaxDuration = TimeSpan.FromSeconds(maxSeconds),
    };

    private static void AssertPlan(RolloutPlan expected, RolloutPlan actual)
    {
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected with { Steps = NoSteps }, actual with { Steps = NoSteps });
    }

    private static ConfigFile Load(string yaml, string? folder = null, IReadOnlyList<IConfigSection>? sections = null) =>
        ConfigFileLoader.Load(new StringReader(yaml), new ConfigContext("warden.yaml", folder), sections ?? [RolloutConfigLoader.Section]);

    private static RolloutOptions LoadOk(string yaml, string? folder = null)
    {
        var file = Load(yaml, folder);
        Assert.Empty(file.Errors);
        return file.Get<RolloutOptions>(RolloutConfigLoader.Section);
    }

    /// <summary>
    /// The gateway section as far as Core can see it: a top-level <c>gateway:</c> whose
    /// <c>services</c> names are declared (the real one lives in Warden.Gateway, which Core does
    /// not reference; Warden.Tests checks the pair with the real sections).
    /// </summary>
    private sealed class GatewayStandIn : IConfigSection
    {
        public static IConfigSection Section { get; } = new GatewayStandIn();

        public string Name => "gateway";

        public IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
            new Dictionary<string, IReadOnlyList<string>> { ["gateway"] = ["services"] };

        public string Expected => "a gateway: section";

        public object Read(MappingReader section, ConfigContext context) => new object();
    }
}

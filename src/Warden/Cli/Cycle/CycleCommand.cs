using System.CommandLine;

namespace Warden.Cli.Cycle;

/// <summary><c>warden cycle</c>: the heartbeat cycle — run one, list them, show one (docs/cycle.md).</summary>
internal static class CycleCommand
{
    public static Command Create(CliEnvironment env) => new(
        "cycle",
        "The heartbeat cycle (docs/cycle.md): re-check production, judge pending candidates, verify rollback targets, act, and write innovation_report.md. 'warden serve' runs one every cycle.interval; run one now, list and show past ones, or print one's reports.")
    {
        CycleRunCommand.Create(env),
        CycleListCommand.Create(env),
        CycleShowCommand.Create(env),
        CycleReportCommand.Create(env),
    };
}

using BenchmarkDotNet.Running;
using Warden.Benchmarks;

// Two ways in (see bench/README.md):
//   dotnet run -c Release --project bench/Warden.Benchmarks -- --filter '*'     BenchmarkDotNet suites
//   dotnet run -c Release --project bench/Warden.Benchmarks -- e2e              end-to-end runs with peak memory
//   dotnet run -c Release --project bench/Warden.Benchmarks -- verdict-bundle DIR   write the verdict benchmark's bundle
//   dotnet run -c Release --project bench/Warden.Benchmarks -- audit-log DIR [N]    write an audit log of N events (default 1,000,000)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- route-swap ADMIN_URL SERVICE   route changes at a fixed rate (bench/gateway.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- replica-converge SERVER_ADMIN SERVICE REPLICA_ADMIN... [--changes N]   how soon gateway replicas follow a route change (bench/replicas.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- shadow-cost URL SERVICE --body FILE [--admin ADMIN_URL]   P99 cost of 100 % shadow at a fixed rate (bench/gateway.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- fixed-rate --body FILE direct=URL NAME=URL ...   P50/P99 added over a direct call at a fixed rate (bench/gateway.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- bare-forwarder LISTEN BACKEND PREFIX   Kestrel + SocketsHttpHandler alone (bench/gateway.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- guard-delay [--streams N] [--aa-streams N]   detection delay and false alarms of the guard's tests (bench/guard-delay.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- api [--rate 200] [--seconds 20] [--rounds 3]   what the REST API adds to a rollout status read at P99 (bench/api.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- grpc-load URL --rate R --seconds S [--service NAME] [--path-prefix] [--warmup S]   open-loop unary OIP v2 ModelInfer calls at a fixed rate
//   dotnet run -c Release --project bench/Warden.Benchmarks -- grpc-compare DIRECT_URL GATEWAY_URL --rate R --seconds S --rounds N [--service NAME]   what the gateway adds to a gRPC call at P50 (bench/grpc.sh)
//   dotnet run -c Release --project bench/Warden.Benchmarks -- cycle [--services N] [--runs N] ...   the heartbeat cycle over N services x 3 versions (bench/cycle.sh)
if (args.Length > 1 && args[0] == "verdict-bundle")
{
    // Writes the VerdictBenchmarks bundle to a folder, to time `warden verdict` as a real process.
    Directory.CreateDirectory(args[1]);
    VerdictBenchmarks.WriteBundle(args[1]);
    return 0;
}

if (args.Length > 1 && args[0] == "audit-log")
{
    // A data directory with a long audit log, to time `warden audit verify` as a real process.
    await AuditAppendBenchmarks.WriteLogAsync(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : AuditVerifyBenchmarks.Events);
    return 0;
}

if (args.Length > 0 && args[0] == "route-swap")
{
    return RouteSwapLoad.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "replica-converge")
{
    return ReplicaConvergence.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "shadow-cost")
{
    return ShadowCostLoad.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "fixed-rate")
{
    return FixedRateCompare.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "grpc-load")
{
    return GrpcLoad.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "grpc-compare")
{
    return GrpcCompare.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "bare-forwarder")
{
    return BareForwarder.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "guard-delay")
{
    return GuardDelaySimulation.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "cycle")
{
    return CycleLoad.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "api")
{
    return ApiLoad.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "e2e")
{
    return EndToEnd.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(EndToEnd).Assembly).Run(args);
return 0;

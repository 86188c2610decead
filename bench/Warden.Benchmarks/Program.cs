using BenchmarkDotNet.Running;
using Warden.Benchmarks;

// Two ways in (see bench/README.md):
//   dotnet run -c Release --project bench/Warden.Benchmarks -- --filter '*'     BenchmarkDotNet suites
//   dotnet run -c Release --project bench/Warden.Benchmarks -- e2e              end-to-end runs with peak memory
//   dotnet run -c Release --project bench/Warden.Benchmarks -- verdict-bundle DIR   write the verdict benchmark's bundle
if (args.Length > 1 && args[0] == "verdict-bundle")
{
    // Writes the VerdictBenchmarks bundle to a folder, to time `warden verdict` as a real process.
    Directory.CreateDirectory(args[1]);
    VerdictBenchmarks.WriteBundle(args[1]);
    return 0;
}

if (args.Length > 0 && args[0] == "e2e")
{
    return EndToEnd.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(EndToEnd).Assembly).Run(args);
return 0;

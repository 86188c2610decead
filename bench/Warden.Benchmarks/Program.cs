using BenchmarkDotNet.Running;
using Warden.Benchmarks;

// Two ways in (see bench/README.md):
//   dotnet run -c Release --project bench/Warden.Benchmarks -- --filter '*'     BenchmarkDotNet suites
//   dotnet run -c Release --project bench/Warden.Benchmarks -- e2e              end-to-end runs with peak memory
if (args.Length > 0 && args[0] == "e2e")
{
    return EndToEnd.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(EndToEnd).Assembly).Run(args);
return 0;

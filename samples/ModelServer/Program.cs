using System.Text;
using Warden.Samples.ModelServer;

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.Out.WriteLine(CommandLine.Help);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "generate-catalog")
{
    if (args.Length != 2)
    {
        Console.Error.WriteLine("error: usage: modelserver generate-catalog FILE");
        return 2;
    }
    try
    {
        File.WriteAllText(args[1], Catalog.Generate(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"error: cannot write catalog '{args[1]}': {ex.Message}");
        return 2;
    }
    Console.Out.WriteLine($"wrote {Catalog.DefaultItemCount} items to {args[1]}");
    return 0;
}

try
{
    var options = CommandLine.Parse(args);
    await using var host = ModelServerApp.Build(options);
    await host.StartAsync().ConfigureAwait(false);
    var version = options.Version ?? RankerWeights.Load(options.WeightsPath).Version;
    Console.Out.WriteLine($"modelserver {version} listening on {host.InferenceAddress}");
    if (host.AdminAddress is { } admin)
    {
        Console.Out.WriteLine($"modelserver admin endpoints (faults, crash) on {admin}");
    }
    if (host.GrpcAddress is { } grpc)
    {
        Console.Out.WriteLine($"modelserver grpc (OIP v2 GRPCInferenceService) on {grpc}");
    }
    Console.Out.Flush();
    await host.WaitForShutdownAsync().ConfigureAwait(false);
    return 0;
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
catch (IOException ex)
{
    Console.Error.WriteLine($"error: cannot listen: {ex.Message} (pick another --urls, --admin-urls or --grpc-urls port, or 0 for a free one)");
    return 2;
}

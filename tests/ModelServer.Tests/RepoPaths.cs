namespace Warden.Samples.ModelServer.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Catalog => Path.Combine(Root, "samples", "ModelServer", "catalog.json");
    public static string BenchRequest => Path.Combine(Root, "samples", "ModelServer", "bench-request.json");
    public static string MetaV1 => Path.Combine(Root, "samples", "meta", "v1.json");

    /// <summary>The built server next to the test assembly (copied by the project reference).</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "modelserver.dll");

    public static string Weights(string version) => Path.Combine(Root, "samples", "models", $"{version}.weights.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Warden.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Warden.slnx not found above {AppContext.BaseDirectory}");
    }
}

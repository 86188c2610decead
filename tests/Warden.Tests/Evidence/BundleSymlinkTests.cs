using Warden.Tests.Support;

namespace Warden.Tests.Evidence;

/// <summary>
/// Bundle files reached through real symbolic links: a link may point anywhere inside the
/// bundle's folder, never out of it (the loader already refuses ../ and absolute paths).
/// </summary>
public sealed class BundleSymlinkTests
{
    private const string Fix = "expected a file inside the bundle's folder, such as data/v2.run; copy the file into the bundle instead of linking to it";

    [Fact]
    public void Verdict_FileLinkedOutsideBundle_ExitsTwoAtTheEntry()
    {
        using var temp = new TempDirectory();
        var (dir, bundle) = CopyGoBundle(temp.Path);
        var outside = Path.Combine(temp.Path, "outside.run");
        File.Move(Path.Combine(dir, "data", "v2.run"), outside);
        File.CreateSymbolicLink(Path.Combine(dir, "data", "v2.run"), Path.Combine("..", "..", "outside.run"));

        var run = CliRun.Of("verdict", "--evidence", bundle, "--out", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {bundle}: 1 problem(s) with the files the evidence bundle names; nothing was judged.\n" +
            $"error: {bundle}:20:8: candidate.run: 'data/v2.run' leads through a symbolic link to {outside}, outside the bundle's folder {dir}; {Fix}",
            run.Error.TrimEnd().ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Path.Combine(temp.Path, "deployment_verdict.md")));
    }

    [Fact]
    public void Verdict_FolderLinkedOutsideBundle_ReportsEveryFileInIt()
    {
        using var temp = new TempDirectory();
        var (dir, bundle) = CopyGoBundle(temp.Path);
        var elsewhere = Path.Combine(temp.Path, "elsewhere");
        Directory.Move(Path.Combine(dir, "data"), elsewhere);
        Directory.CreateSymbolicLink(Path.Combine(dir, "data"), elsewhere);

        var run = CliRun.Of("verdict", "--evidence", bundle, "--out", temp.Path);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.TrimEnd().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"error: {bundle}: 7 problem(s) with the files the evidence bundle names; nothing was judged.", lines[0]);
        Assert.Equal(
            $"error: {bundle}:6:18: judgments.qrels.path: 'data/qrels.txt' leads through a symbolic link to {Path.Combine(elsewhere, "qrels.txt")}, outside the bundle's folder {dir}; {Fix}",
            lines[1]);
        Assert.Equal(8, lines.Length);
    }

    [Fact]
    public void Verdict_LinkInsideBundle_Accepted()
    {
        using var temp = new TempDirectory();
        var (dir, bundle) = CopyGoBundle(temp.Path);
        File.Move(Path.Combine(dir, "data", "v2.run"), Path.Combine(dir, "v2-kept.run"));
        File.CreateSymbolicLink(Path.Combine(dir, "data", "v2.run"), Path.Combine("..", "v2-kept.run"));

        var run = CliRun.Of("verdict", "--evidence", bundle, "--out", temp.Path);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Verdict_BundleFolderReachedThroughLink_Accepted()
    {
        using var temp = new TempDirectory();
        var (dir, _) = CopyGoBundle(temp.Path);
        var link = Path.Combine(temp.Path, "current");
        Directory.CreateSymbolicLink(link, dir);

        var run = CliRun.Of("verdict", "--evidence", Path.Combine(link, "evidence.yaml"), "--out", temp.Path);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Verdict_DirectoryNamedAsFile_ExitsTwoSayingSo()
    {
        using var temp = new TempDirectory();
        var (_, bundle) = CopyGoBundle(temp.Path);
        File.WriteAllText(bundle, File.ReadAllText(bundle).Replace("  run: data/v2.run\n", "  run: data\n", StringComparison.Ordinal));

        var run = CliRun.Of("verdict", "--evidence", bundle, "--out", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {bundle}: 1 problem(s) with the files the evidence bundle names; nothing was judged.\n" +
            $"error: {bundle}:20:8: candidate.run: 'data' is a directory, not a file; expected a file inside the bundle's folder, such as data/v2.run",
            run.Error.TrimEnd().ReplaceLineEndings("\n"));
    }

    private static (string Dir, string File) CopyGoBundle(string root)
    {
        var dir = Path.Combine(root, "bundle");
        foreach (var sub in new[] { "data", "meta", "env" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
            foreach (var file in Directory.GetFiles(RepoPaths.Sample(sub)))
            {
                File.Copy(file, Path.Combine(dir, sub, Path.GetFileName(file)));
            }
        }

        File.Copy(RepoPaths.Sample("rollback.json"), Path.Combine(dir, "rollback.json"));
        var bundle = Path.Combine(dir, "evidence.yaml");
        File.Copy(RepoPaths.Sample("bundle-go.yaml"), bundle);
        return (dir, bundle);
    }
}

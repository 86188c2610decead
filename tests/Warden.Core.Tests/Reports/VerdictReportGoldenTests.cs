using System.Runtime.CompilerServices;
using Warden.Core.Reports;

namespace Warden.Core.Tests.Reports;

public sealed class VerdictReportGoldenTests
{
    /// <summary>
    /// Pins the whole GO report byte for byte. After an intended change, regenerate with
    /// <c>WARDEN_UPDATE_GOLDEN=1 dotnet test --filter VerdictReportGolden</c>, then read the diff of
    /// golden/go.md as a release manager would before committing it.
    /// </summary>
    [Fact]
    public void Markdown_FixedGoCase_MatchesGoldenFile()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        var actual = VerdictReport.Markdown(decision, evidence, policy);
        var path = GoldenPath("go.md");

        if (Environment.GetEnvironmentVariable("WARDEN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path), actual);
    }

    // The golden file lives beside this source file, so no build step has to copy it.
    private static string GoldenPath(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "golden", name);
}

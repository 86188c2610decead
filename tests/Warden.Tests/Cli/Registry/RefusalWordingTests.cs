using Warden.Cli.Registry;
using Warden.Registry;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Registry;

/// <summary>Refusals carry a code and the facts; each front end words the fix in its own terms.</summary>
public sealed class RefusalWordingTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public RefusalWordingTests()
    {
        foreach (var v in new[] { "v1", "v2", "v3" })
        {
            Assert.Equal(0, _f.Run("registry", "add", "ranker", v, "--artifact", _f.Artifact($"{v}.bin", $"weights-{v}")).ExitCode);
        }

        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "setup").ExitCode);
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task MoveAlias_GoAgainstAnotherProduction_CodeAndFieldsNameBoth()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v3");

        var refusal = await RefuseAsync("v2");

        Assert.Equal(RefusalCodes.BaselineMismatch, refusal.Code);
        Assert.Equal(("ranker", "v2", "v1", "dep-v2", "v3", "1"), (
            refusal.Field(RefusalFields.Model), refusal.Field(RefusalFields.Version), refusal.Field(RefusalFields.Production),
            refusal.Field(RefusalFields.Deployment), refusal.Field(RefusalFields.Baseline), refusal.Field(RefusalFields.Verdict)));
        Assert.DoesNotContain("override", refusal.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MoveAlias_GoTooOld_CodeAndFieldsNameRecordedAtAndLimit()
    {
        var recorded = _f.Time.GetUtcNow();
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        _f.Time.Advance(TimeSpan.FromDays(8));

        var refusal = await RefuseAsync("v2");

        Assert.Equal(RefusalCodes.VerdictTooOld, refusal.Code);
        Assert.Equal(recorded.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), refusal.Field(RefusalFields.RecordedAt));
        Assert.Equal("7", refusal.Field(RefusalFields.MaxAgeDays));
    }

    [Theory]
    [InlineData(RefusalCodes.NoGoVerdict, "or move it anyway with \"override\": true and a \"reason\" in the body (recorded as an override).")]
    [InlineData(RefusalCodes.BaselineMismatch, "or move it anyway with \"override\": true and a \"reason\" in the body.")]
    [InlineData(RefusalCodes.VerdictTooOld, "or move it anyway with \"override\": true and a \"reason\" in the body.")]
    [InlineData(RefusalCodes.AmbiguousVerdict, "Say which one the promotion rests on with \"deployment\": \"ID\" in the body.")]
    public void ForApi_GateRefusals_NameTheBodyFieldsNotCliOptions(string code, string fix)
    {
        var refusal = new RegistryRefusal(code, "cannot promote ranker v2 to production: facts.", new Dictionary<string, string?>
        {
            [RefusalFields.Model] = "ranker", [RefusalFields.Version] = "v2", [RefusalFields.Production] = "v1",
        });

        var api = RefusalWording.ForApi(refusal);
        var cli = RefusalWording.ForCli(refusal);

        Assert.EndsWith(fix, api, StringComparison.Ordinal);
        Assert.DoesNotContain("--override", api, StringComparison.Ordinal);
        Assert.DoesNotContain("--deployment", api, StringComparison.Ordinal);
        Assert.StartsWith("cannot promote ranker v2 to production: facts. ", cli, StringComparison.Ordinal);
        Assert.Contains(code == RefusalCodes.AmbiguousVerdict ? "--deployment ID" : "--override --reason \"...\"", cli, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistrySources_NoCommandLineOptionText()
    {
        var folder = Path.Combine(RepoPaths.Root, "src", "Warden.Control", "Registry");

        var offending = Directory.EnumerateFiles(folder, "*.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("--override", StringComparison.Ordinal) || l.Text.Contains("--reason", StringComparison.Ordinal) || l.Text.Contains("--deployment", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();

        Assert.Empty(offending);
    }

    private async Task<RegistryRefusal> RefuseAsync(string version)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _f.DataDir, Time = _f.Time });
        return await Assert.ThrowsAsync<RegistryRefusal>(async () => await new ModelRegistry(store).MoveAliasAsync(new AliasRequest
        {
            Model = "ranker",
            Alias = "production",
            Version = version,
            Actor = "tester",
            VerdictMaxAge = TimeSpan.FromDays(7),
        }));
    }
}

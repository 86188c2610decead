namespace Warden.Samples.ModelServer.Tests;

public sealed class CatalogTests
{
    [Fact]
    public async Task Generate_DefaultSeed_MatchesCommittedCatalogByteForByte()
    {
        var committed = await File.ReadAllBytesAsync(RepoPaths.Catalog);

        var regenerated = System.Text.Encoding.UTF8.GetBytes(Catalog.Generate());

        Assert.Equal(committed, regenerated);
    }

    [Fact]
    public async Task GenerateCatalogCommand_ChildProcess_WritesIdenticalBytes()
    {
        var dir = Directory.CreateTempSubdirectory("modelserver-catalog-");
        try
        {
            var target = Path.Combine(dir.FullName, "catalog.json");
            using var child = ChildServer.Start("generate-catalog", target);

            Assert.Equal(0, await child.WaitForExitAsync());
            Assert.Equal(await File.ReadAllBytesAsync(RepoPaths.Catalog), await File.ReadAllBytesAsync(target));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_Committed_HasFiveHundredItemsOfSixteenDims()
    {
        var catalog = Catalog.Load(RepoPaths.Catalog);

        Assert.Equal(500, catalog.Ids.Length);
        Assert.Equal(16, catalog.Dims);
        Assert.Equal("item-001", catalog.Ids[0]);
        Assert.Equal("item-500", catalog.Ids[^1]);
    }
}

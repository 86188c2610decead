using Warden.Audit;

namespace Warden.Control.Tests.Audit;

public sealed class StateRowDigestTests
{
    // Independent (the digest form of docs/audit.md, Python 3 standard library):
    // python3 -c "import hashlib,struct
    // def f(v):
    //     if v is None: return struct.pack('>i',-1)
    //     if isinstance(v,float): return struct.pack('>i',8)+struct.pack('>d',v)
    //     b=v if isinstance(v,bytes) else str(v).encode('utf-8'); return struct.pack('>i',len(b))+b
    // row=[3,'ranker','v1','2026-11-22T00:00:00.0000000Z','ana','/srv/models/v1.bin','a'*64,None,1,0.25,None,None,'ok',None]
    // print(hashlib.sha256(f('checkpoint_verifications')+b''.join(f(v) for v in row)).hexdigest())"
    [Fact]
    public void Compute_CheckpointRowWithRealAndNulls_MatchesIndependentSha256()
    {
        object?[] row = [3L, "ranker", "v1", "2026-11-22T00:00:00.0000000Z", "ana", "/srv/models/v1.bin", new string('a', 64), null, 1L, 0.25, null, null, "ok", null];

        Assert.Equal("bc65aaf25b48e5b31628c639b453a9e1140e6f276c791dbf73a7cc09bbdbc9dd", StateRowDigest.Compute("checkpoint_verifications", row));
    }

    // Same f() as above; row=[7,'dep-1','ranker','v3','v2','GO','b'*64,'ev:0a1b2c3d\nev:99887766','2026-11-22T00:00:00.0000000Z','anä'],
    // table 'verdict_records' (a non-ASCII actor: lengths count UTF-8 bytes).
    [Fact]
    public void Compute_VerdictRowWithUtf8_MatchesIndependentSha256()
    {
        object?[] row = [7L, "dep-1", "ranker", "v3", "v2", "GO", new string('b', 64), "ev:0a1b2c3d\nev:99887766", "2026-11-22T00:00:00.0000000Z", "anä"];

        Assert.Equal("d35664499f9dea0ab2b51fe59f3c810de9dcdafeb439e4f1d173f7e5d8bb93c0", StateRowDigest.Compute("verdict_records", row));
    }

    [Fact]
    public void Compute_SameValuesInAnotherTable_Differs()
    {
        object?[] row = [1L, "ranker"];

        Assert.NotEqual(StateRowDigest.Compute("alias_moves", row), StateRowDigest.Compute("verdict_records", row));
    }

    [Fact]
    public void Compute_NullAndEmptyText_Differ()
    {
        Assert.NotEqual(StateRowDigest.Compute("t", [null]), StateRowDigest.Compute("t", [string.Empty]));
    }

    [Theory]
    [InlineData("{}", """{"attests":[{"table":"model_aliases","row":"ranker/production","sha256":"ab"}]}""")]
    [InlineData("""{"to":"v2"}""", """{"to":"v2","attests":[{"table":"model_aliases","row":"ranker/production","sha256":"ab"}]}""")]
    public void AddTo_Payload_AppendsAttestsAsTheLastMemberAndParsesBack(string payload, string expected)
    {
        var attested = new StateAttestation(new StateRowRef("model_aliases", "ranker/production"), "ab");

        var written = StateAttestations.AddTo(payload, [attested]);

        Assert.Equal(expected, written);
        Assert.Equal([attested], StateAttestations.Parse(written));
    }

    [Theory]
    [InlineData("""{"text":"\"attests\":[{\"table\":\"verdict_records\",\"row\":\"1\",\"sha256\":\"ab\"}]"}""")]
    [InlineData("""{"note":{"attests":[{"table":"verdict_records","row":"1","sha256":"ab"}]}}""")]
    [InlineData("not json")]
    public void Parse_AttestsNotATopLevelMember_FindsNone(string payload)
    {
        Assert.Empty(StateAttestations.Parse(payload));
    }
}

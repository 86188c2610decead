using System.Text;
using Warden.Audit;

namespace Warden.Control.Tests.Audit;

public sealed class AuditHashTests
{
    public static TheoryData<string?, string[], string> Events => new()
    {
        { null, ["ev:0a1b2c3d", "ev:99887766"], "{}" },
        { "dep-7", [], """{"note":"ünïcödé ✓","n":1}""" },
        { string.Empty, [string.Empty], "{}" },
        { "dep-big", ["ev:1"], "{\"blob\":\"" + new string('x', 5000) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void ComputeRow_SameFieldsAsStrings_SameHash(string? deployment, string[] evidence, string payload)
    {
        var expected = AuditHash.Compute(42, "2026-11-22T08:00:00.1234567Z", "ana@ops", "note", "service:search", deployment, evidence, payload, AuditHash.Genesis);
        var row = new AuditRow
        {
            Sequence = 42,
            Time = "2026-11-22T08:00:00.1234567Z"u8,
            Actor = "ana@ops"u8,
            Action = "note"u8,
            Subject = "service:search"u8,
            HasDeploymentId = deployment is not null,
            DeploymentId = Encoding.UTF8.GetBytes(deployment ?? string.Empty),
            EvidenceIds = Encoding.UTF8.GetBytes(string.Join('\n', evidence)),
            Payload = Encoding.UTF8.GetBytes(payload),
            PreviousHash = Encoding.UTF8.GetBytes(AuditHash.Genesis),
            Hash = [],
        };
        Span<byte> hash = stackalloc byte[32];
        Span<byte> hex = stackalloc byte[64];

        AuditHash.Compute(row, hash);
        AuditHash.WriteHex(hash, hex);

        Assert.Equal(expected, Encoding.ASCII.GetString(hex));
    }

    [Theory]
    [InlineData("evt-12:" + "ab" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd", 12)]
    [InlineData("7:" + "AB" + "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCD", 7)]
    public void AnchorTryParse_ValidText_GivesSequenceAndLowercaseHash(string text, long sequence)
    {
        Assert.True(AuditAnchor.TryParse(text, out var anchor));
        Assert.Equal(sequence, anchor.Sequence);
        Assert.Equal(text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..].ToLowerInvariant(), anchor.Hash);
        Assert.Equal(anchor, AuditAnchor.TryParse(AuditAnchor.Format(anchor), out var again) ? again : null);
    }

    [Theory]
    [InlineData("evt-12")]
    [InlineData("evt-0:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("evt-3:0123")]
    [InlineData("evt-3:zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void AnchorTryParse_Malformed_IsRefused(string text)
    {
        Assert.False(AuditAnchor.TryParse(text, out _));
    }

    [Theory]
    [InlineData("note", true)]
    [InlineData("note.incident", true)]
    [InlineData("note.on-call_2", true)]
    [InlineData("note.", false)]
    [InlineData("note.Incident", false)]
    [InlineData("notes", false)]
    [InlineData("registry.promote", false)]
    public void IsNote_Action_OnlyNotesAllowed(string action, bool expected)
    {
        Assert.Equal(expected, AuditActions.IsNote(action));
    }
}

using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Audit;

public sealed class AuditCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Append_Note_PrintsIdAndHashOfTheCommittedEvent()
    {
        var run = Cli("audit", "append", "--subject", "service:search", "--payload", """{ "text": "restarted the gateway" }""", "--actor", "ana@ops");

        Assert.Equal(0, run.ExitCode);
        var e = (await EventsAsync()).Single();
        Assert.Equal($"evt-1 {e.Hash}\n", run.Out.ReplaceLineEndings("\n"));
        Assert.Equal(("ana@ops", "note", "service:search", """{"text":"restarted the gateway"}"""), (e.Actor, e.Action, e.Subject, e.Payload));
    }

    [Theory]
    [InlineData("--action", "registry.promote", "action 'registry.promote' cannot be appended by hand; use 'note' or 'note.KIND'")]
    [InlineData("--payload", "[1,2]", "payload must be a JSON object such as")]
    [InlineData("--payload", "{oops", "payload is not valid JSON")]
    public async Task Append_BadValue_ExitsTwoAndWritesNothing(string option, string value, string message)
    {
        var run = Cli("audit", "append", "--subject", "service:search", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty((await EventsAsync()));
    }

    [Fact]
    public async Task Append_FromFile_OneEventPerLineAndStopsAtTheFirstBadLine()
    {
        var notes = _dir.File("notes.jsonl");
        File.WriteAllLines(notes,
        [
            """{"subject":"service:search","payload":{"text":"a"}}""",
            string.Empty,
            """{"subject":"service:search","action":"note.incident","deployment_id":"dep-1","evidence_ids":["ev:1"]}""",
            """{"subject":"service:search","colour":"red"}""",
            """{"subject":"service:search"}""",
        ]);

        var run = Cli("audit", "append", "--from", notes);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"{notes}:4: unknown key 'colour'; the keys are subject, action, payload, deployment_id, evidence_ids.", run.Error, StringComparison.Ordinal);
        var events = (await EventsAsync());
        Assert.Equal(["note", "note.incident"], events.Select(e => e.Action));
        Assert.Equal("dep-1", events[1].DeploymentId);
        Assert.Equal(["ev:1"], events[1].EvidenceIds);
    }

    [Fact]
    public async Task List_Filters_SubjectActionAndSince()
    {
        await SeedAsync();

        var bySubject = Cli("audit", "list", "--subject", "model:ranker", "--json");
        var byAction = Cli("audit", "list", "--action", "registry.promote", "--json");
        var since = Cli("audit", "list", "--since", "2h", "--json");
        var sinceRfc = Cli("audit", "list", "--since", "2026-11-22T03:00:00+01:00", "--json");
        var limited = Cli("audit", "list", "--limit", "2", "--json");

        Assert.Equal(["evt-1", "evt-2"], Ids(bySubject));
        Assert.Equal(["evt-3"], Ids(byAction));
        Assert.Equal(["evt-3", "evt-4"], Ids(since));
        Assert.Equal(["evt-3", "evt-4"], Ids(sinceRfc));
        Assert.Equal(["evt-3", "evt-4"], Ids(limited));
    }

    [Fact]
    public async Task List_Json_SnakeCaseFieldsWithPayloadAsObject()
    {
        await SeedAsync();

        var run = Cli("audit", "list", "--action", "registry.promote", "--json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var e = doc.RootElement.GetProperty("events")[0];
        Assert.Equal(1, doc.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("evt-4", doc.RootElement.GetProperty("head").GetProperty("id").GetString());
        Assert.Equal(3, e.GetProperty("seq").GetInt64());
        Assert.Equal("2026-11-22T02:00:00.0000000Z", e.GetProperty("time").GetString());
        Assert.Equal("ci@build", e.GetProperty("actor").GetString());
        Assert.Equal("alias:ranker/production", e.GetProperty("subject").GetString());
        Assert.Equal("dep-42", e.GetProperty("deployment_id").GetString());
        Assert.Equal("ev:aa", e.GetProperty("evidence_ids")[0].GetString());
        Assert.Equal("v2", e.GetProperty("payload").GetProperty("to").GetString());
        Assert.Equal(64, e.GetProperty("prev_hash").GetString()!.Length);
        Assert.Equal(64, e.GetProperty("hash").GetString()!.Length);
    }

    [Fact]
    public async Task List_Table_ShowsOneRowPerEventWithShortHash()
    {
        await SeedAsync();
        var hash = (await EventsAsync())[2].Hash;

        var run = Cli("audit", "list", "--action", "registry.promote");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("evt-3", run.Out, StringComparison.Ordinal);
        Assert.Contains("2026-11-22 02:00:00", run.Out, StringComparison.Ordinal);
        Assert.Contains(hash[..12], run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, run.Out, StringComparison.Ordinal);
        Assert.Contains("1 event(s); the log ends at evt-4.", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("24")]
    [InlineData("2026-11-22T08:00:00")]
    [InlineData("5y")]
    public void List_BadSince_ExitsTwoNamingTheAcceptedForms(string since)
    {
        var run = Cli("audit", "list", "--since", since);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: --since '{since}' is not a time; give {Warden.Cli.Audit.AuditTime.Forms}.\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void List_LimitOutOfRange_ExitsTwoPointingAtTheNestedCommandsHelp()
    {
        var run = Cli("audit", "list", "--limit", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --limit must be between 1 and 1000000; got 0.\nRun 'warden audit list --help' for usage.\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Verify_IntactLog_ExitsZeroAndPrintsTheFullHead()
    {
        await SeedAsync();
        var head = (await EventsAsync())[^1];

        var run = Cli("audit", "verify");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"sqlite:{_dir.File("warden.db")}: 4 event(s), 0 state row(s) checked.", lines[0]);
        Assert.Equal($"head: evt-4:{head.Hash}", lines[1]);
        Assert.StartsWith("intact: ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowEditedByHand_ExitsSixNamingTheEvent()
    {
        await SeedAsync();
        Tamper("DROP TRIGGER audit_events_no_update; UPDATE audit_events SET actor = 'mallory' WHERE seq = 2");

        var run = Cli("audit", "verify");
        var json = Cli("audit", "verify", "--json");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("BROKEN at evt-2: evt-2 (registry.register model:ranker@v2) was modified: its fields hash to ", run.Out, StringComparison.Ordinal);
        Assert.Equal(6, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.False(doc.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal("evt-2", doc.RootElement.GetProperty("broken_at").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("events_checked").GetInt64());
    }

    [Fact]
    public async Task Verify_RowDeletedByHand_ExitsSixNamingTheGap()
    {
        await SeedAsync();
        Tamper("DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = 3");

        var run = Cli("audit", "verify");

        Assert.Equal(6, run.ExitCode);
        Assert.Contains("BROKEN at evt-3: evt-3 missing: the log jumps from evt-2 to evt-4 (deleted rows)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AnchorFromHead_IntactAndBadAnchorExitsTwo()
    {
        await SeedAsync();
        var head = Cli("audit", "head").Out.Trim();

        var ok = Cli("audit", "verify", "--anchor", head);
        var wrong = Cli("audit", "verify", "--anchor", "evt-2:" + new string('0', 64));
        var malformed = Cli("audit", "verify", "--anchor", "evt-2");

        Assert.Equal($"evt-4:{(await EventsAsync())[^1].Hash}", head);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains($"anchor: {head}", ok.Out, StringComparison.Ordinal);
        Assert.Equal(6, wrong.ExitCode);
        Assert.Contains("BROKEN at evt-2: evt-2 does not match the anchor", wrong.Out, StringComparison.Ordinal);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("--anchor 'evt-2' is not an anchor", malformed.Error, StringComparison.Ordinal);
    }

    private async Task SeedAsync()
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });
        foreach (var (action, subject) in new[]
        {
            (AuditActions.Register, "model:ranker@v1"),
            (AuditActions.Register, "model:ranker@v2"),
            (AuditActions.Promote, "alias:ranker/production"),
            (AuditActions.CheckpointVerify, "model:other@v1"),
        })
        {
            await store.AppendAsync(new AuditEventDraft
            {
                Actor = action == AuditActions.Promote ? "ci@build" : "ana",
                Action = action,
                Subject = subject,
                DeploymentId = action == AuditActions.Promote ? "dep-42" : null,
                EvidenceIds = action == AuditActions.Promote ? ["ev:aa"] : [],
                Payload = action == AuditActions.Promote ? """{"from":"v1","to":"v2"}""" : "{}",
            });
            _time.Advance(TimeSpan.FromHours(1));
        }
    }

    private static string[] Ids(CliRun run)
    {
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        return [.. doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }

    private async Task<List<AuditEvent>> EventsAsync()
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });
        return await store.EventsAsync();
    }

    private CliRun Cli(params string[] args) => CliRun.Of(_time, [.. args, "--data-dir", _dir.Path]);

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

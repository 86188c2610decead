using System.CommandLine;
using Warden.Access;
using Warden.Cli.Registry;
using Warden.Cli.Rollout;
using Warden.Core.Reports;

namespace Warden.Cli.Token;

/// <summary><c>warden token list [--json]</c>: every token, oldest first, with its status now. Never a hash, salt or token.</summary>
internal static class TokenListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("list", "List the API tokens, oldest first: name, role, status (active, expired, revoked), who created each and when, expiry and revocation. Tokens and their hashes are never shown.")
        {
            json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var tokens = await opened.ReadAsync((tx, ct) => tx.Tokens.ListAsync(ct), cancellationToken);
            var now = env.Time.GetUtcNow();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new
                {
                    Tokens = tokens.Select(t => new
                    {
                        t.Name,
                        Role = Roles.Name(t.Role),
                        Status = Status(t, now),
                        t.Id,
                        t.CreatedAt,
                        t.CreatedBy,
                        t.ExpiresAt,
                        t.RevokedAt,
                        t.RevokedBy,
                    }).ToList(),
                });
                return ExitCodes.Success;
            }

            if (tokens.Count == 0)
            {
                env.Out.WriteLine("no API tokens yet; create one with 'warden token create --name NAME --role viewer|operator|approver|admin'.");
                return ExitCodes.Success;
            }

            RolloutTable.Write(
                env.Out,
                ["NAME", "ROLE", "STATUS", "ID", "CREATED", "BY", "EXPIRES", "REVOKED"],
                [.. tokens.Select(t => (IReadOnlyList<string>)
                [
                    t.Name,
                    Roles.Name(t.Role),
                    Status(t, now),
                    t.Id,
                    CliText.Time(t.CreatedAt),
                    t.CreatedBy,
                    t.ExpiresAt is { } e ? CliText.Time(e) : "never",
                    t.RevokedAt is { } r ? $"{CliText.Time(r)} by {t.RevokedBy}" : "-",
                ])]);
            return ExitCodes.Success;
        });
        return command;
    }

    // Revoked wins over expired: it was a decision, expiry only the calendar.
    private static string Status(StoredToken token, DateTimeOffset now) =>
        token.RevokedAt is not null ? "revoked" : token.IsExpired(now) ? "expired" : "active";
}

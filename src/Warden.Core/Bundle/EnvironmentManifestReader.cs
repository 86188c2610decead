using System.Text.Json;
using Warden.Core.Evidence;

namespace Warden.Core.Bundle;

/// <summary>
/// Reads an environment manifest: <c>{ "runtime": "...", "os": "...", "lock_hash": "...",
/// "artifact_sha256": "&lt;64 hex&gt;" }</c>. Unknown fields are ignored.
/// </summary>
/// <remarks>
/// A missing, null or empty field is not a format error: it is listed in
/// <see cref="EnvironmentManifest.MissingFields"/>, because an incomplete manifest is a finding the
/// Infra Guardian FAILs on and reports, not a file Warden refuses to read. A field of the wrong
/// type, a repeated field and an <c>artifact_sha256</c> that is not 64 hex digits are errors.
/// </remarks>
public static class EnvironmentManifestReader
{
    private const string Document = "a JSON object with runtime, os, lock_hash and artifact_sha256";

    // Declared order is the order MissingFields lists them in.
    private static readonly string[] Required = ["runtime", "os", "lock_hash", "artifact_sha256"];

    /// <summary>Reads the manifest in <paramref name="stream"/> (the caller keeps ownership of it).</summary>
    /// <param name="stream">The manifest's bytes.</param>
    /// <param name="source">Path or URI to name in messages.</param>
    /// <returns>The manifest; <see cref="EnvironmentManifest.ArtifactSha256"/> is lowercased.</returns>
    /// <exception cref="EvidenceFormatException">Not JSON, not an object, a field of the wrong type, a repeated field, or a malformed artifact_sha256.</exception>
    public static EnvironmentManifest Read(Stream stream, string source)
    {
        var text = JsonEvidenceText.Load(stream, source);
        var reader = text.CreateReader();
        var values = new string?[Required.Length];
        var seen = new bool[Required.Length];
        try
        {
            text.ReadRootObject(ref reader, Document);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var (name, offset) = text.ReadPropertyName(ref reader);
                var index = Array.IndexOf(Required, name);
                if (index < 0)
                {
                    reader.Skip();
                    continue;
                }

                if (seen[index])
                {
                    throw text.Error(offset, name, $"{name} appears twice", "each field once");
                }

                seen[index] = true;
                var value = text.StringOrNull(ref reader, name, "a string");
                values[index] = string.IsNullOrWhiteSpace(value) ? null : value;
                if (name == "artifact_sha256" && values[index] is { } sha)
                {
                    if (!IsSha256(sha))
                    {
                        throw text.Error(
                            reader.TokenStartIndex, name, $"{name} is {JsonEvidenceText.Raw(ref reader)} ({sha.Length} characters)",
                            "64 hex digits, the sha256 of the model artifact");
                    }

                    values[index] = sha.ToLowerInvariant();
                }
            }

            text.RequireEnd(ref reader);
        }
        catch (JsonException e)
        {
            throw text.Syntax(e);
        }

        var missing = new List<string>();
        for (var i = 0; i < Required.Length; i++)
        {
            if (values[i] is null)
            {
                missing.Add(Required[i]);
            }
        }

        return new EnvironmentManifest
        {
            Runtime = values[0],
            Os = values[1],
            LockHash = values[2],
            ArtifactSha256 = values[3],
            MissingFields = missing,
        };
    }

    internal static bool IsSha256(string value)
    {
        if (value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

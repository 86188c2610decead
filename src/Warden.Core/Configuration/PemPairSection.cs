namespace Warden.Core.Configuration;

/// <summary>
/// A section naming a PEM certificate and its private key (<c>api.tls</c>, <c>gateway.tls</c>):
/// <c>certificate</c> and <c>key</c> both or neither, each resolved against warden.yaml's folder and
/// checked to exist when the file is read, so a typo is found then, not when a listener starts.
/// </summary>
internal static class PemPairSection
{
    /// <summary>
    /// The two full paths, or null when the section is absent or has an error (reported to the section's log).
    /// </summary>
    /// <param name="tls">The section.</param>
    /// <param name="context">The file being read.</param>
    /// <param name="listener">Whose certificate it is, for the messages: "admin listener", "traffic listener".</param>
    /// <param name="withoutIt">What removing the section does, for the message on a missing key.</param>
    public static (string Certificate, string Key)? Read(MappingReader tls, ConfigContext context, string listener, string withoutIt)
    {
        if (!tls.Written)
        {
            return null;
        }

        var certificateExpected = $"the {listener}'s certificate, a PEM file (-----BEGIN CERTIFICATE-----), relative to warden.yaml's folder or absolute";
        const string KeyExpected = "the certificate's private key, an unencrypted PEM file (-----BEGIN PRIVATE KEY-----), relative to warden.yaml's folder or absolute";

        // Both keys or neither: a certificate without its key cannot be served, and a key alone names nothing.
        var certificate = ReadPath(tls, "certificate", "a PEM certificate", certificateExpected, context, withoutIt);
        var key = ReadPath(tls, "key", "a PEM private key", KeyExpected, context, withoutIt);
        return certificate is not null && key is not null ? (certificate, key) : null;
    }

    private static string? ReadPath(MappingReader tls, string key, string noun, string expected, ConfigContext context, string withoutIt)
    {
        if (!tls.Has(key))
        {
            tls.Missing(key, $"{expected}; {tls.Path} needs both certificate and key ({withoutIt})");
            return null;
        }

        return tls.Text(key, expected) is { } path
            ? ConfigFilePath.Existing(tls, path, key, context, noun, expected, $"{expected}: correct the path, or create the file")
            : null;
    }
}

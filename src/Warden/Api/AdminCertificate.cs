using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Warden.Cli;

namespace Warden.Api;

/// <summary>Loads <c>api.tls</c>'s PEM certificate and key into the certificate the admin listener serves.</summary>
internal static class AdminCertificate
{
    /// <summary>
    /// The certificate with its private key; a file that is not PEM, an encrypted key or a key
    /// that does not match the certificate is a <see cref="UserInputException"/> naming both files.
    /// </summary>
    public static X509Certificate2 Load(ApiTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        try
        {
            return X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(
                $"api.tls: cannot load the certificate {tls.CertificatePath} with the key {tls.KeyPath} ({ex.Message.TrimEnd('.')}); " +
                "give a PEM certificate and its matching unencrypted PEM private key.");
        }
    }
}

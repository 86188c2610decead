using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Warden.Cli;

namespace Warden.Hosting;

/// <summary>
/// Loads a PEM certificate and key named in warden.yaml (<c>api.tls</c> for the admin listener,
/// <c>gateway.tls</c> for the traffic listener) into the certificate a listener serves.
/// </summary>
internal static class ListenerCertificate
{
    /// <summary>
    /// The certificate with its private key; a file that is not PEM, an encrypted key or a key that
    /// does not match the certificate is a <see cref="UserInputException"/> naming the setting and both files.
    /// </summary>
    /// <param name="setting">The section the files come from, e.g. <c>api.tls</c>.</param>
    /// <param name="certificatePath">The PEM certificate (chain).</param>
    /// <param name="keyPath">Its unencrypted PEM private key.</param>
    public static X509Certificate2 Load(string setting, string certificatePath, string keyPath)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(keyPath);
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(
                $"{setting}: cannot load the certificate {certificatePath} with the key {keyPath} ({ex.Message.TrimEnd('.')}); " +
                "give a PEM certificate and its matching unencrypted PEM private key.");
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Warden.Gateway.Tests.Support;

/// <summary>
/// A fresh self-signed certificate for 127.0.0.1 (P-256 key, valid from five minutes ago for a day),
/// as PEM files for warden.yaml's <c>api.tls</c> and <c>gateway.tls</c>, or loaded from that PEM as a
/// listener would load it. Clients trust exactly it, by its SHA-256 thumbprint.
/// </summary>
internal sealed class SelfSignedCertificate
{
    private SelfSignedCertificate(string certificatePem, string keyPem, string thumbprint)
    {
        CertificatePem = certificatePem;
        KeyPem = keyPem;
        Thumbprint = thumbprint;
    }

    /// <summary>The certificate, PEM.</summary>
    public string CertificatePem { get; }

    /// <summary>Its private key, unencrypted PKCS#8 PEM.</summary>
    public string KeyPem { get; }

    /// <summary>The certificate's SHA-256 thumbprint, upper-case hex.</summary>
    public string Thumbprint { get; }

    public static SelfSignedCertificate Create(string subject = "CN=warden-test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return new SelfSignedCertificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    /// <summary>Writes <c>NAME.crt</c> and <c>NAME.key</c> into <paramref name="folder"/> (created if missing).</summary>
    public void Write(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".crt"), CertificatePem);
        File.WriteAllText(Path.Combine(folder, name + ".key"), KeyPem);
    }

    /// <summary>The certificate with its key, read back from the PEM as <c>warden serve</c> reads the files.</summary>
    public X509Certificate2 Load() => X509Certificate2.CreateFromPem(CertificatePem, KeyPem);

    /// <summary>A handler that trusts this certificate and no other (and no proxy).</summary>
    public SocketsHttpHandler TrustingHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(HashAlgorithmName.SHA256) == Thumbprint },
    };
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TapeTrack.Sync.Remote;

namespace TapeTrack.Sync.Server;

/// <summary>The certificates a <see cref="FrameworkServer"/> proves itself with.</summary>
public static class ServerCertificates
{
    /// <summary>
    /// Makes a self-signed certificate (ECDSA P-256, server authentication, valid a year from now) for host names
    /// and IP addresses. Clients trust it only by pinning its thumbprint (<see cref="Thumbprint"/>).
    /// </summary>
    /// <param name="hostNames">The names and addresses it is for; <c>localhost</c> and <c>127.0.0.1</c> are always added.</param>
    /// <param name="timeProvider">The clock that decides its validity; <see langword="null"/> for the system clock.</param>
    public static X509Certificate2 CreateSelfSigned(IEnumerable<string> hostNames, TimeProvider? timeProvider = null)
    {
        if (hostNames is null)
        {
            throw new ArgumentNullException(nameof(hostNames));
        }

        var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1" };
        foreach (var name in hostNames)
        {
            if (!string.IsNullOrWhiteSpace(name) && name is not "*" and not "+")
            {
                names.Add(name.Trim('[', ']'));
            }
        }

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=TapeTrack Framework Server", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));

        // through PFX bytes, so that Windows' TLS stack can use the private key
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Loads a certificate with its private key from a PFX (PKCS #12) file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="password">Its password, or <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">The file does not exist or cannot be read, its password is wrong, or it has no private key; the message names the file, never the password.</exception>
    public static X509Certificate2 Load(string path, string? password)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        // the loader answers a missing file as a bad PFX ("not a PFX file, or the wrong password"): say what is wrong
        if (Directory.Exists(path))
        {
            throw new InvalidOperationException($"cannot load the certificate '{path}': it is a folder, not a PFX file");
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"cannot load the certificate '{path}': the file does not exist");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot load the certificate '{path}': {(e is CryptographicException ? "not a PFX file, or the wrong password" : e.Message)}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"the certificate '{path}' has no private key");
        }

        return certificate;
    }

    /// <summary>The SHA-256 thumbprint of a certificate, 64 upper-case hex digits: what <c>--trust-thumbprint</c> takes.</summary>
    /// <param name="certificate">The certificate.</param>
    public static string Thumbprint(X509Certificate2 certificate) => RemoteServerSession.GetThumbprint(certificate);
}

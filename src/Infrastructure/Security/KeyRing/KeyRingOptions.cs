namespace ApiKeys.Infrastructure.Security.KeyRing;

/// <summary>
/// How the Data Protection key ring (which encrypts plain keys, stored in the database) is itself encrypted
/// (section <c>DataProtection</c>). Without a certificate the ring sits in the database in plaintext.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with an RSA certificate and its private key; new ring keys are encrypted to it.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates replaced by <see cref="CertificatePath"/>: they still decrypt the ring keys encrypted to them.</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];

    public bool IsProtected => !string.IsNullOrWhiteSpace(CertificatePath);
}

public sealed class CertificateFile
{
    public string? Path { get; set; }

    public string? Password { get; set; }
}

using System.Security.Cryptography;
using ApiKeys.Application.Abstractions;
using Microsoft.AspNetCore.DataProtection;

namespace ApiKeys.Infrastructure.Security;

/// <summary>Encrypts plain keys at rest with ASP.NET Core Data Protection; the key ring lives in the database, shared by every node.</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("ApiKeys.PlainKeys.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string? Unprotect(string protectedText)
    {
        try
        {
            return _protector.Unprotect(protectedText);
        }
        catch (CryptographicException)
        {
            // The key ring lost the key that encrypted it: the key still works, it just cannot be shown.
            return null;
        }
    }
}

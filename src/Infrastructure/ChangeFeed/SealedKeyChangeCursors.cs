using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using Microsoft.AspNetCore.DataProtection;

namespace ApiKeys.Infrastructure.ChangeFeed;

/// <summary>
/// Seals feed positions with Data Protection (the key ring every node shares, so any node reads a cursor another
/// issued), under a purpose naming the organization: a cursor opens only for the organization it was issued to.
/// Every cursor has the same length and a fresh IV, so two cursors tell an observer nothing but that they exist.
/// </summary>
internal sealed class SealedKeyChangeCursors(IDataProtectionProvider provider) : IKeyChangeCursors
{
    private const string Purpose = "ApiKeys.KeyChangeCursor.v1";

    // Far above a sealed 8-byte position; keeps a hostile query string from costing a large decode.
    private const int MaxLength = 256;

    public string Issue(OrganizationId organizationId, long position)
    {
        var plain = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(plain, position);
        return Base64Url.EncodeToString(ProtectorFor(organizationId).Protect(plain));
    }

    public bool TryRead(OrganizationId organizationId, string? cursor, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxLength)
        {
            return false;
        }

        try
        {
            var plain = ProtectorFor(organizationId).Unprotect(Base64Url.DecodeFromChars(cursor));
            if (plain.Length != sizeof(long))
            {
                return false;
            }

            position = BinaryPrimitives.ReadInt64BigEndian(plain);
            return position >= 0;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private IDataProtector ProtectorFor(OrganizationId organizationId) => provider.CreateProtector(Purpose, organizationId.ToString());
}

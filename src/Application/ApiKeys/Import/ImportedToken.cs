using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.ApiKeys.Import;

/// <summary>
/// What an entry's token becomes: the prefix its row is stored under, every prefix that would make it a duplicate,
/// and (for the plaintext form, hashed later, outside any lock) the token to hash.
/// </summary>
internal sealed record ImportedToken(string KeyPrefix, IReadOnlyList<string> TakenIf, string? StoredHash, string? Plaintext)
{
    public static Result<ImportedToken> Read(ImportedKeyInput entry)
    {
        if ((entry.Hash is null) == (entry.Plaintext is null))
        {
            return Error.Validation("hash", "Give the token as exactly one of hash ({algorithm: \"sha256\", value}) or plaintext.");
        }

        return entry.Hash is { } hash ? FromHash(hash) : FromPlaintext(entry.Plaintext!);
    }

    private static Result<ImportedToken> FromHash(TokenHashInput hash)
    {
        if (hash.Algorithm != "sha256")
        {
            return Error.Validation("hash.algorithm", "hash.algorithm must be \"sha256\".");
        }

        var digest = new byte[ImportedSha256.Bytes];
        if (hash.Value is null || !Convert.TryFromBase64String(hash.Value, digest, out var written) || written != ImportedSha256.Bytes)
        {
            return Error.Validation("hash.value", "hash.value must be the base64 of the 32 bytes of the token's SHA-256.");
        }

        var prefix = ApiKeyToken.ImportedPrefixOf(digest);
        return new ImportedToken(prefix, [prefix], ImportedSha256.Format(digest), null);
    }

    private static Result<ImportedToken> FromPlaintext(string plaintext)
    {
        if (ApiKeyToken.TryParse(plaintext, out var native))
        {
            // Taken if a key has its prefix, or if it was imported before by its hash.
            return new ImportedToken(native.KeyPrefix, [native.KeyPrefix, native.ImportedPrefix], null, plaintext);
        }

        if (!ApiKeyToken.IsForeignShape(plaintext) || ApiKeyToken.LooksLikeJwt(plaintext))
        {
            return Error.Validation("plaintext",
                "plaintext must be 16 to 128 printable ASCII characters without spaces, not a JWT; a capy_live_ token must carry its checksum.");
        }

        ApiKeyToken.TryRead(plaintext, out var foreign);
        return new ImportedToken(foreign!.KeyPrefix, [foreign.KeyPrefix], null, plaintext);
    }

    public override string ToString() => $"ImportedToken {{ KeyPrefix = {KeyPrefix} }}";
}

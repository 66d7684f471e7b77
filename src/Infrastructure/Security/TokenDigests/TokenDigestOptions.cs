namespace ApiKeys.Infrastructure.Security.TokenDigests;

/// <summary>
/// The secrets keyed token digests are made with (section <c>Security</c>). They are never stored in the database:
/// a copy of it alone recognises no token faster than Argon2id. Every node that shares a database needs the same ones.
/// </summary>
public sealed class TokenDigestOptions
{
    public const string Section = "Security";

    /// <summary>
    /// <c>id:base64</c> entries separated by commas, 32 or more random bytes each; the first makes new digests, the
    /// others are still accepted (a digest made under one is rewritten under the first when its token is next used).
    /// </summary>
    public string? TokenDigestKeys { get; set; }

    /// <summary>
    /// A file holding the same entries (one a line). Default with SQLite: <c>token-digest.keys</c> beside the
    /// database, made at first start (owner-only permissions). Other providers have no default: without keys, no digests.
    /// </summary>
    public string? TokenDigestKeyFile { get; set; }
}

using System.Net;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Application.KeyChecking;

/// <summary>
/// Answers "what does this presented token stand for": the one entry point shared by request authentication
/// and <c>POST /v1/keys/verify</c>. A malformed token is answered without any I/O.
/// </summary>
public interface IKeyVerifier
{
    /// <param name="presenter">Who presents it: the failure budget it spends and whose keys it may use.</param>
    ValueTask<KeyCheck> VerifyAsync(string presentedToken, KeyPresenter presenter, CancellationToken cancellationToken);

    /// <summary>
    /// A refusal known before any work (no I/O, no hashing): asked at the very start of a request, so that a client
    /// being refused costs a fraction of a real request. <see langword="null"/>: handle the request as usual.
    /// </summary>
    KeyCheck? RefuseWithoutWork(string presentedToken, IPAddress? clientAddress) => null;
}

/// <summary>The uncached verifier: parse, then one read by prefix and one Argon2id verification.</summary>
public sealed class DatabaseKeyVerifier(ApiKeyAuthenticator authenticator) : IKeyVerifier
{
    public async ValueTask<KeyCheck> VerifyAsync(string presentedToken, KeyPresenter presenter, CancellationToken cancellationToken) =>
        ApiKeyToken.TryRead(presentedToken, out var token)
            ? await authenticator.AuthenticateAsync(token, cancellationToken)
            : KeyCheck.NotFound;
}

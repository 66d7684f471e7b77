using ApiKeys.Application.KeyChecking;

namespace ApiKeys.Api.Authentication;

/// <summary>
/// The answer for the token of this request, when something before authentication (a direct lookup) already asked:
/// the authentication handler uses it instead of asking again, so a token is verified, counted and budgeted once.
/// </summary>
public sealed record PresentedKeyCheck(string Token, KeyCheck Check);

using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Verification.Verify;

/// <summary>A verify that came through the pipeline (validated, authorized): <see cref="KeyVerification"/> decides it.</summary>
internal sealed class VerifyKeyHandler(KeyVerification verification, AuthorizedCaller caller)
    : IQueryHandler<VerifyKeyQuery, Result<VerifyKeyResponse>>
{
    public ValueTask<Result<VerifyKeyResponse>> Handle(VerifyKeyQuery query, CancellationToken cancellationToken) =>
        verification.DecideAsync(query, caller.Principal, cancellationToken);
}

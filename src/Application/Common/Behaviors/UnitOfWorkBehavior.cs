using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Common.Behaviors;

/// <summary>Saves a successful command's changes, audit event included, in one transaction; a failed command saves nothing.</summary>
public sealed class UnitOfWorkBehavior<TMessage, TResponse>(IUnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
    where TResponse : IResult<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        if (!response.IsSuccess)
        {
            return response;
        }

        var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
        return saved.IsSuccess ? response : TResponse.Failure(saved.Error!);
    }
}

using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Common.Behaviors;

/// <summary>
/// Saves a successful command's changes, audit event included, in one transaction. A failed command saves
/// nothing (and releases the row locks it took), except a forbidden one, whose denied audit event is kept (handlers refuse before changing anything).
/// </summary>
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
            if (response.Error!.Kind == ErrorKind.Forbidden)
            {
                await unitOfWork.SaveChangesAsync(cancellationToken);
            }
            else
            {
                await unitOfWork.DiscardAsync();
            }

            return response;
        }

        var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
        return saved.IsSuccess ? response : TResponse.Failure(saved.Error!);
    }
}

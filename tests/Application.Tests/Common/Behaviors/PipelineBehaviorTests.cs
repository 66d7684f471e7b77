using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Behaviors;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Application.Tests.Common.Behaviors;

/// <summary>Validation, unit of work and logging, each on its own around a handler that records whether it ran.</summary>
public sealed class PipelineBehaviorTests
{
    /// <summary>A record's own <c>ToString()</c> prints every field, so a behavior that logged the request would leak.</summary>
    public sealed record Rename(string? Name, string Secret) : ICommand<Result<string>>, IAuthenticatedRequest;

    private sealed class RenameValidator : AbstractValidator<Rename>
    {
        public RenameValidator()
        {
            RuleFor(r => r.Name).NotEmpty().WithMessage("name is required.");
            RuleFor(r => r.Secret).MaximumLength(3).WithMessage("secret is too long.");
        }
    }

    private int _handled;

    private MessageHandlerDelegate<Rename, Result<string>> Handler(Result<string> outcome) => (_, _) =>
    {
        _handled++;
        return ValueTask.FromResult(outcome);
    };

    [Fact]
    public async Task Validation_EveryFailure_IsOne400WithAnEntryPerField_AndTheHandlerDoesNotRun()
    {
        var behavior = new ValidationBehavior<Rename, Result<string>>([new RenameValidator()]);

        var result = await behavior.Handle(new Rename(null, "toolong"), Handler("done"), CancellationToken.None);

        result.Error!.Kind.Should().Be(ErrorKind.Validation);
        result.Error.Code.Should().Be("validation_failed");
        // Field names are snake_case once AddApplication has set FluentValidation's resolver (a process-wide setting).
        result.Error.Details!.Keys.Select(k => k.ToLowerInvariant()).Should().BeEquivalentTo("name", "secret");
        _handled.Should().Be(0);
    }

    [Fact]
    public async Task Validation_ValidInput_RunsTheHandler()
    {
        var behavior = new ValidationBehavior<Rename, Result<string>>([new RenameValidator()]);

        (await behavior.Handle(new Rename("ok", "abc"), Handler("done"), CancellationToken.None)).Value.Should().Be("done");
        _handled.Should().Be(1);
    }

    [Fact]
    public async Task UnitOfWork_SavesASuccess_AndAFailedSaveTurnsItIntoThatFailure()
    {
        var unitOfWork = new CountingUnitOfWork();
        var behavior = new UnitOfWorkBehavior<Rename, Result<string>>(unitOfWork);

        (await behavior.Handle(new Rename("a", "b"), Handler("done"), CancellationToken.None)).Value.Should().Be("done");
        unitOfWork.Saves.Should().Be(1);

        unitOfWork.Next = ApiKeyErrors.ConcurrentUpdate;
        (await behavior.Handle(new Rename("a", "b"), Handler("done"), CancellationToken.None)).Error.Should().Be(ApiKeyErrors.ConcurrentUpdate);
    }

    [Fact]
    public async Task UnitOfWork_SavesNothingOfAFailure_ExceptTheDeniedAuditOfAForbiddenOne()
    {
        var unitOfWork = new CountingUnitOfWork();
        var behavior = new UnitOfWorkBehavior<Rename, Result<string>>(unitOfWork);

        (await behavior.Handle(new Rename("a", "b"), Handler(ApiKeyErrors.Revoked), CancellationToken.None)).Error.Should().Be(ApiKeyErrors.Revoked);
        unitOfWork.Saves.Should().Be(0);

        var forbidden = Error.Forbidden("role_escalation", "no");
        (await behavior.Handle(new Rename("a", "b"), Handler(forbidden), CancellationToken.None)).Error.Should().Be(forbidden);
        unitOfWork.Saves.Should().Be(1, "a refusal's audit event is kept");
    }

    [Fact]
    public async Task Logging_NamesTheRequestAndItsOutcome_NeverItsBody()
    {
        var logger = new CapturingLogger<LoggingBehavior<Rename, Result<string>>>();
        var behavior = new LoggingBehavior<Rename, Result<string>>(logger);
        var canary = "capy_live_" + Guid.NewGuid().ToString("N");
        var request = new Rename("a", canary);
        // The control: logging the request or the handler's answer would put the canary in a line the logger holds.
        $"{request}".Should().Contain(canary);
        logger.Log(LogLevel.Information, default, request, null, (state, _) => $"{state}");
        logger.Lines.Should().ContainSingle(l => l.Contains(canary, StringComparison.Ordinal));
        logger.Lines.Clear();

        await behavior.Handle(request, Handler(canary), CancellationToken.None);
        await behavior.Handle(request, Handler(ApiKeyErrors.Revoked), CancellationToken.None);

        logger.Lines.Should().HaveCount(2);
        logger.Lines[0].Should().StartWith("Rename succeeded in");
        logger.Lines[1].Should().StartWith("Rename failed with api_key_revoked in");
        logger.Lines.Should().NotContain(l => l.Contains(canary, StringComparison.Ordinal));
    }

    private sealed class CountingUnitOfWork : IUnitOfWork
    {
        public int Saves { get; private set; }

        public Error? Next { get; set; }

        public Task<Result> SaveChangesAsync(CancellationToken cancellationToken)
        {
            Saves++;
            return Task.FromResult(Next is { } error ? Result.Failure(error) : Result.Success);
        }

        public Task DiscardAsync() => Task.CompletedTask;
    }

    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        /// <summary>The formatted message and every structured value, where a leaked secret could hide too.</summary>
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : $"{state}";
            Lines.Add($"{formatter(state, exception)} | {values}");
        }
    }
}

namespace ApiKeys.Domain.Common;

/// <summary>
/// Lets generic code (pipeline behaviors) build a failed result of any result type without reflection.
/// </summary>
public interface IResult<TSelf>
    where TSelf : IResult<TSelf>
{
    bool IsSuccess { get; }

    Error? Error { get; }

    static abstract TSelf Failure(Error error);
}

/// <summary>The outcome of an operation that has no value: success or one <see cref="Common.Error"/>.</summary>
public readonly record struct Result : IResult<Result>
{
    private Result(Error? error) => Error = error;

    public static Result Success { get; } = new(null);

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result Failure(Error error) => new(error);

    public static implicit operator Result(Error error) => new(error);

    /// <summary>Runs <paramref name="next"/> only after a success.</summary>
    public Result<T> Bind<T>(Func<Result<T>> next) => IsSuccess ? next() : Error!;
}

/// <summary>The outcome of an operation: a value or one <see cref="Common.Error"/>.</summary>
public readonly record struct Result<T> : IResult<Result<T>>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"A failed result has no value ({Error!.Code}).");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error);

    /// <summary>Transforms the value of a success; a failure passes through.</summary>
    public Result<TNext> Map<TNext>(Func<T, TNext> map) => IsSuccess ? map(_value!) : Error!;

    /// <summary>Runs <paramref name="next"/> on the value of a success; a failure passes through.</summary>
    public Result<TNext> Bind<TNext>(Func<T, Result<TNext>> next) => IsSuccess ? next(_value!) : Error!;

    /// <summary>A success whose value fails <paramref name="predicate"/> becomes <paramref name="error"/>.</summary>
    public Result<T> Ensure(Func<T, bool> predicate, Error error) => !IsSuccess || predicate(_value!) ? this : error;
}

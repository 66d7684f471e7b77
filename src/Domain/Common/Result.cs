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
}

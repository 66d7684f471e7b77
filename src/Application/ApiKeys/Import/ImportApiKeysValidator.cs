using FluentValidation;

namespace ApiKeys.Application.ApiKeys.Import;

/// <summary>The call as a whole: 1 to 1000 keys. Each entry is checked apart, by the handler, and fails alone.</summary>
internal sealed class ImportApiKeysValidator : AbstractValidator<ImportApiKeysCommand>
{
    public ImportApiKeysValidator()
    {
        RuleFor(c => c.Keys).NotNull().WithMessage("keys is required: a list of 1 to 1000 keys.")
            .Must(k => k is null || k.Count is >= 1 and <= ImportApiKeysCommand.MaxKeys)
            .WithMessage($"keys must hold 1 to {ImportApiKeysCommand.MaxKeys} keys.")
            .Must(k => k is null || k.All(e => e is not null)).WithMessage("keys must not hold null entries.");
    }
}

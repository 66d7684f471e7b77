using System.Security.Cryptography;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Infrastructure.Security;

/// <summary>32 base62 characters from the OS's cryptographic random source: about 190 bits.</summary>
public sealed class RandomTokenGenerator : ITokenGenerator
{
    public ApiKeyToken Generate() =>
        ApiKeyToken.FromRandom(RandomNumberGenerator.GetItems<char>(ApiKeyToken.Base62Alphabet, ApiKeyToken.RandomLength));
}

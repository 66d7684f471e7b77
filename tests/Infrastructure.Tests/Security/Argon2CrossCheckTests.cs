using System.Text;
using System.Text.Json;
using ApiKeys.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Tests.Security;

/// <summary>
/// libsodium (NSec) and the managed code (Konscious) must be interchangeable: the same bytes for the same input,
/// and every PHC string made by one verifies with the other, so a database keeps working whichever one runs.
/// </summary>
public sealed class Argon2CrossCheckTests
{
    // Made by the managed implementation before libsodium was added (default parameters): an existing database's hash.
    private const string ExistingSecret = "capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ7";
    private const string ExistingHash = "$argon2id$v=19$m=19456,t=2,p=1$dI/M0JfWz2FZ+mFlx7Xhcw$cXHTsD4N9wpDk1gezvSHxOt5RVcEOOopHQ2XBGHD3WM";

    private static Argon2SecretHasher Hasher(Argon2Implementation implementation, int memoryKiB = 1024, int iterations = 2) =>
        new(Options.Create(new Argon2Options { Implementation = implementation, MemoryKiB = memoryKiB, Iterations = iterations }));

    public static TheoryData<string> VectorTokens()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "token-vectors.json")));
        var data = new TheoryData<string>();
        foreach (var vector in document.RootElement.GetProperty("valid").EnumerateArray())
        {
            data.Add(vector.GetProperty("token").GetString()!);
        }

        return data;
    }

    [Fact]
    public void Libsodium_IsTheDefault_AndLoadsHere()
    {
        new Argon2Options().Implementation.Should().Be(Argon2Implementation.Libsodium);
        SodiumArgon2.IsAvailable.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(VectorTokens))]
    public void TokenVectors_HashedByEither_VerifyWithTheOther(string token)
    {
        token.Should().MatchRegex("^[0-9A-Za-z_]+$", "a token is ASCII, one byte per character in any encoding");
        AssertInterchangeable(token);
    }

    [Theory]
    [InlineData("clé-ünïcode-€-x")]
    [InlineData("鍵-キー-z")]
    public void NonAsciiInput_IsEncodedAlikeByBoth(string secret)
    {
        // Both must hash the same bytes (UTF-8) for any string, not only for the ASCII a token is made of.
        Encoding.UTF8.GetByteCount(secret).Should().BeGreaterThan(secret.Length);
        AssertInterchangeable(secret);
    }

    [Fact]
    public void RandomTokens_HashedByEither_VerifyWithTheOther()
    {
        var generator = new RandomTokenGenerator();
        for (var i = 0; i < 20; i++)
        {
            AssertInterchangeable(generator.Generate().Reveal());
        }
    }

    [Theory]
    [InlineData(8, 1, 16)]
    [InlineData(1024, 1, 32)]
    [InlineData(4096, 3, 64)]
    [InlineData(19_456, 2, 32)]
    public void SameInput_GivesTheSameBytes(int memoryKiB, int iterations, int length)
    {
        var random = new Random(memoryKiB + iterations);
        for (var i = 0; i < 5; i++)
        {
            var secret = new byte[random.Next(1, 80)];
            var salt = new byte[16];
            random.NextBytes(secret);
            random.NextBytes(salt);
            var cost = new Argon2Cost(memoryKiB, iterations, 1);
            var native = new byte[length];
            var managed = new byte[length];
            SodiumArgon2.Instance.Supports(cost, salt.Length, length).Should().BeTrue();
            SodiumArgon2.Instance.Compute(secret, salt, cost, native);
            ManagedArgon2.Instance.Compute(secret, salt, cost, managed);
            native.Should().Equal(managed);
        }
    }

    [Fact]
    public void ReferenceVector_ComputedByTheManagedCode()
    {
        // The Argon2 reference implementation's test vector (argon2id, v=19, m=2^16, t=2, p=1, "password", "somesalt").
        var output = new byte[32];
        ManagedArgon2.Instance.Compute("password"u8, "somesalt"u8, new Argon2Cost(65_536, 2, 1), output);
        Convert.ToHexStringLower(output).Should().Be("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
    }

    [Theory]
    [InlineData(Argon2Implementation.Libsodium)]
    [InlineData(Argon2Implementation.Managed)]
    public void ExistingHash_StillVerifies(Argon2Implementation implementation)
    {
        var hasher = Hasher(implementation, memoryKiB: 19_456, iterations: 2);
        hasher.Verify(ExistingSecret, ExistingHash).Should().Be(new Application.Abstractions.SecretVerification(true, false));
        hasher.Verify(ExistingSecret[..^1] + "8", ExistingHash).Succeeded.Should().BeFalse();
    }

    [Theory]
    [InlineData(Argon2Implementation.Libsodium)]
    [InlineData(Argon2Implementation.Managed)]
    public void ParametersLibsodiumCannotCompute_AreVerifiedByTheManagedCode(Argon2Implementation implementation)
    {
        // p = 2 and an 8-byte salt: written by other tools; libsodium computes neither, so the managed code does.
        var reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        Hasher(implementation, memoryKiB: 65_536).Verify("password", reference).Succeeded.Should().BeTrue();
        var parallel = new Argon2SecretHasher(Options.Create(new Argon2Options { Implementation = Argon2Implementation.Managed, MemoryKiB = 1024, Iterations = 1, Parallelism = 2 }))
            .Hash(ExistingSecret);
        parallel.Should().Contain("p=2");
        Hasher(implementation).Verify(ExistingSecret, parallel).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void PhcStrings_HaveTheSameShape_WhicheverImplementation()
    {
        const string Shape = @"^\$argon2id\$v=19\$m=1024,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$";
        Hasher(Argon2Implementation.Libsodium).Hash(ExistingSecret).Should().MatchRegex(Shape);
        Hasher(Argon2Implementation.Managed).Hash(ExistingSecret).Should().MatchRegex(Shape);
    }

    private static void AssertInterchangeable(string token)
    {
        var native = Hasher(Argon2Implementation.Libsodium);
        var managed = Hasher(Argon2Implementation.Managed);
        var byNative = native.Hash(token);
        var byManaged = managed.Hash(token);
        managed.Verify(token, byNative).Succeeded.Should().BeTrue();
        native.Verify(token, byManaged).Succeeded.Should().BeTrue();
        native.Verify(token, byNative).Succeeded.Should().BeTrue();
        managed.Verify(token, byManaged).Succeeded.Should().BeTrue();

        // And a wrong secret fails with both, on both hashes.
        var wrong = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        managed.Verify(wrong, byNative).Succeeded.Should().BeFalse();
        native.Verify(wrong, byManaged).Succeeded.Should().BeFalse();
    }
}

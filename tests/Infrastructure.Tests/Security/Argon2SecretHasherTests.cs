using ApiKeys.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.Tests.Security;

public sealed class Argon2SecretHasherTests
{
    private const string Secret = "capy_live_aWFeOgd23eOp1ARVjVEeNJPXGyijpXUw1MDPZ7";

    private static Argon2SecretHasher Hasher(int memoryKiB = 1024, int iterations = 1) =>
        new(Options.Create(new Argon2Options { MemoryKiB = memoryKiB, Iterations = iterations, Parallelism = 1 }));

    [Fact]
    public void Hash_ThenVerify_Succeeds()
    {
        var hasher = Hasher();
        var verification = hasher.Verify(Secret, hasher.Hash(Secret));
        verification.Succeeded.Should().BeTrue();
        verification.NeedsRehash.Should().BeFalse();
    }

    [Fact]
    public void Verify_WrongSecret_Fails()
    {
        var hasher = Hasher();
        hasher.Verify(Secret[..^1] + "8", hasher.Hash(Secret)).Succeeded.Should().BeFalse();
    }

    [Fact]
    public void Hash_IsASelfDescribingPhcString()
    {
        var phc = Hasher().Hash(Secret);
        phc.Should().MatchRegex(@"^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$");
        phc.Should().NotContain(Secret);
    }

    [Fact]
    public void Hash_SameSecretTwice_DiffersBySalt() => Hasher().Hash(Secret).Should().NotBe(Hasher().Hash(Secret));

    [Fact]
    public void Verify_HashWithOtherParameters_SucceedsAndAsksForRehash()
    {
        var old = Hasher(memoryKiB: 1024, iterations: 1).Hash(Secret);
        var verification = Hasher(memoryKiB: 2048, iterations: 2).Verify(Secret, old);
        verification.Succeeded.Should().BeTrue();
        verification.NeedsRehash.Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=1024,t=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=999999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=1024,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0")]
    [InlineData("$argon2id$v=19$m=8,t=1,p=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA$extra")]
    [InlineData("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA=")]
    [InlineData("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFz")]
    [InlineData("$argon2id$v=19$m=-1,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA\n")]
    public void Verify_MalformedHash_FailsWithoutThrowing(string phc) =>
        Hasher().Verify(Secret, phc).Succeeded.Should().BeFalse();

    [Fact]
    public void Verify_TamperedHash_Fails()
    {
        var phc = Hasher().Hash(Secret);
        var tampered = phc[..^2] + (phc[^2] == 'A' ? "B" : "A") + phc[^1];
        Hasher().Verify(Secret, tampered).Succeeded.Should().BeFalse();
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;

namespace ApiKeys.Api.Tests.Hardening;

/// <summary>
/// Seeded fuzzing (reproducible: a failure message names the seed and the input): the token parser never throws,
/// and the HTTP JSON binder and the authentication handler never answer 5xx and always answer errors in the
/// contract's shape.
/// </summary>
public class FuzzTests(HardeningFactory factory) : IClassFixture<HardeningFactory>
{
    private const int Seed = 20261123;

    private static readonly string[] ValidTokens = ReadVectors("valid");
    private static readonly string[] InvalidTokens = ReadVectors("invalid");

    // The vectors are test data of the repository (tests/Domain.Tests/token-vectors.json, linked into this
    // project): missing or empty, the fuzzing would have nothing to mutate, so that is a failure, never a fallback.
    private static string[] ReadVectors(string kind)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "token-vectors.json");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException("token-vectors.json is not in the test output: it is linked from tests/Domain.Tests.", file);
        }

        var tokens = JsonNode.Parse(File.ReadAllText(file))![kind]!.AsArray().Select(v => v!["token"]!.GetValue<string>()).ToArray();
        return tokens.Length > 0 ? tokens : throw new InvalidOperationException($"token-vectors.json has no {kind} vectors.");
    }

    [Fact]
    public void TokenParser_ValidVectorsParse_AndTheirMutationsNeverThrow()
    {
        ValidTokens.Should().NotBeEmpty();
        InvalidTokens.Should().NotBeEmpty();
        foreach (var token in ValidTokens)
        {
            ApiKeyToken.TryParse(token, out var parsed).Should().BeTrue(token);
            parsed!.KeyPrefix.Should().Be(token[..16]);
            parsed.ToString().Should().NotContain(token[16..], "a token never prints its secret");
        }

        foreach (var token in InvalidTokens)
        {
            ApiKeyToken.TryParse(token, out _).Should().BeFalse(token);
        }

        var random = new Random(Seed);
        var accepted = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var input = i % 5 == 0 ? RandomString(random, random.Next(0, 100)) : Mutate(random, ValidTokens[random.Next(ValidTokens.Length)]);
            bool ok;
            try
            {
                ok = ApiKeyToken.TryParse(input, out var parsed);
                if (ok)
                {
                    parsed!.Reveal().Should().Be(input);
                    ApiKeyToken.Checksum(input.AsSpan(0, 42)).Should().Be(input[42..]);
                    accepted++;
                }
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException($"seed {Seed}, case {i}: TryParse threw on {JsonSerializer.Serialize(input)}", exception);
            }

            if (ok)
            {
                input.Should().HaveLength(48).And.StartWith("capy_live_");
                input.Skip(10).Should().OnlyContain(c => ApiKeyToken.Base62Alphabet.Contains(c, StringComparison.Ordinal));
            }
        }

        ApiKeyToken.TryParse(null, out _).Should().BeFalse();
        ApiKeyToken.TryParse(string.Empty, out _).Should().BeFalse();
        accepted.Should().BeLessThan(500, "almost no mutation of a valid token keeps a valid checksum");
    }

    [Fact]
    public void TokenParser_SingleCharacterChanges_AreAllRejected()
    {
        // CRC-32 catches every single-character substitution in the body; a changed checksum character is a mismatch.
        foreach (var token in ValidTokens)
        {
            for (var position = 0; position < token.Length; position++)
            {
                foreach (var replacement in ApiKeyToken.Base62Alphabet.Concat("_-é\0 🔑"))
                {
                    if (replacement == token[position])
                    {
                        continue;
                    }

                    var mutated = string.Concat(token.AsSpan(0, position), replacement.ToString(), token.AsSpan(position + 1));
                    ApiKeyToken.TryParse(mutated, out _).Should().BeFalse(mutated);
                }
            }
        }
    }

    private static readonly string[] Routes = ["create", "patch", "roles", "verify"];

    [Fact]
    public async Task JsonBinder_RandomAndMutatedBodies_NeverAnswer5xx()
    {
        var world = await factory.WorldAsync();
        var user = factory.User();
        var keys = $"/v1/organizations/{world.OrganizationId}/api-keys";
        var seeds = new Dictionary<string, (HttpMethod Method, string Path, string[] Bodies)>
        {
            ["create"] = (HttpMethod.Post, keys, [
                "{\"name\": \"k\", \"secure\": true, \"org_role\": \"member\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"reader\"}], \"scopes\": [\"app.read\"], \"expires_at\": \"2099-01-01T00:00:00Z\", \"device_name\": \"d\", \"source\": \"s\"}",
                "{\"name\": \"legacy\", \"mode\": \"upload\", \"limited_to_apps\": [\"com.demo.app\"], \"limited_to_orgs\": []}",
                "{\"name\": \"p\", \"secure\": false, \"project_id\": \"com.demo.app\"}",
            ]),
            ["patch"] = (HttpMethod.Patch, $"{keys}/{world.KeyId}", [
                "{\"name\": \"target\", \"expires_at\": null}",
                "{\"expires_at\": \"2099-01-01T00:00:00Z\"}",
            ]),
            ["roles"] = (HttpMethod.Put, $"{keys}/{world.KeyId}/roles", [
                "{\"org_role\": \"member\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"developer\"}]}",
                "{\"org_role\": \"none\", \"app_roles\": []}",
            ]),
            ["verify"] = (HttpMethod.Post, "/v1/keys/verify", [
                $"{{\"key\": \"{world.KeyToken}\", \"app_id\": \"com.demo.app\", \"permissions\": [\"app.read\"]}}",
                "{\"key\": \"capy_live_000000000000000000000000000000003UFVO5\"}",
            ]),
        };

        // A fixed count from a fixed seed: every run sends the same bodies, however fast the machine is.
        const int Cases = 2_400;
        var random = new Random(Seed);
        var sent = 0;
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < Cases; i++)
        {
            var route = Routes[i % Routes.Length];
            var (method, path, bodies) = seeds[route];
            var body = MutateJson(random, bodies[random.Next(bodies.Length)]);
            var (response, text) = await SendAsync(user, method, path, body);
            sent++;
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            var because = $"seed {Seed}, case {i}, {method} {route} {JsonSerializer.Serialize(body)} -> {(int)response.StatusCode} {text}";
            ((int)response.StatusCode).Should().BeLessThan(500, because);
            if ((int)response.StatusCode >= 400)
            {
                ErrorShape.ShouldBeContractError(JsonNode.Parse(text), because);
            }
        }

        sent.Should().Be(Cases);
        statuses.Keys.Should().Contain([200, 400], "the mutations reach both the handlers and the binder's refusals");
        TestContext.Current.SendDiagnosticMessage($"JSON fuzz: {sent} requests, statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}");
    }

    [Fact]
    public async Task Authentication_RandomAuthorizationHeaders_NeverAnswer5xx()
    {
        var world = await factory.WorldAsync();
        var random = new Random(Seed + 1);
        var real = world.KeyToken;
        const int Cases = 1_500;
        var sent = 0;
        var genuineSeen = 0;
        for (var i = 0; i < Cases; i++)
        {
            var token = (i % 6) switch
            {
                0 => RandomAscii(random, random.Next(0, 120)),
                1 => Mutate(random, real),
                2 => WithChecksum(real[..16] + RandomBase62(random, 26)), // real prefix, wrong secret, good checksum
                3 => WithChecksum("capy_live_" + RandomBase62(random, 32)), // unknown prefix, good checksum
                4 => RandomJwtLike(random),
                _ => Mutate(random, ValidTokens[random.Next(ValidTokens.Length)]),
            };
            var scheme = (i / 6 % 4) switch
            {
                0 => "Bearer ",
                1 => "bearer ",
                2 => string.Empty,
                _ => RandomAscii(random, random.Next(0, 8)) + " ",
            };
            var header = Ascii(scheme + token);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            var response = await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            sent++;
            var because = $"seed {Seed + 1}, case {i}, Authorization {JsonSerializer.Serialize(header)} -> {(int)response.StatusCode} {text}";
            ((int)response.StatusCode).Should().BeLessThan(500, because);
            // The one acceptable credential: the real key after "Bearer " (any case), surrounding blanks ignored.
            var genuine = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() == real;
            if (genuine)
            {
                response.StatusCode.Should().Be(HttpStatusCode.OK, because);
                genuineSeen++;
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, because);
                response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer", because);
                ErrorShape.ShouldBeContractError(JsonNode.Parse(text), because);
                if (token.Length >= 40)
                {
                    text.Should().NotContain(token[16..], because);
                }
            }
        }

        sent.Should().Be(Cases);
        TestContext.Current.SendDiagnosticMessage($"Authorization fuzz: {sent} headers, {genuineSeen} of them the genuine key");
    }

    private static async Task<(HttpResponseMessage Response, string Text)> SendAsync(HttpClient client, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string WithChecksum(string body42) => body42 + ApiKeyToken.Checksum(body42);

    private static string RandomBase62(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => ApiKeyToken.Base62Alphabet[random.Next(62)]).ToArray());

    private static string RandomAscii(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x21, 0x7F)).ToArray());

    /// <summary>Header values must be visible ASCII (HttpClient refuses the rest); non-ASCII is fuzzed at the parser.</summary>
    private static string Ascii(string text) =>
        new(text.Select(c => c is >= (char)0x20 and < (char)0x7F ? c : '?').ToArray());

    private static string RandomJwtLike(Random random) =>
        string.Join('.', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Convert.ToBase64String(Encoding.UTF8.GetBytes(RandomAscii(random, random.Next(0, 60)))).TrimEnd('=').Replace('+', '-').Replace('/', '_')));

    private static readonly string[] Oddities = ["\0", "\u00e9", "\u200b", "\ufeff", "🔑", "\u0301", "\ud800", "\n", " ", "capy_live_", "%00", "ａ", "\u0130"];

    private static string RandomString(Random random, int length)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(random.Next(4) switch
            {
                0 => Oddities[random.Next(Oddities.Length)],
                1 => ((char)random.Next(0, 0x10000)).ToString(),
                _ => ApiKeyToken.Base62Alphabet[random.Next(62)].ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Flips, truncations, insertions, deletions, duplications and non-ASCII substitutions of a valid input.</summary>
    private static string Mutate(Random random, string input)
    {
        var text = new StringBuilder(input);
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds; r++)
        {
            var position = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(8))
            {
                case 0 when text.Length > 0:
                    text[position] = (char)(text[position] ^ (1 << random.Next(7)));
                    break;
                case 1:
                    text.Length = random.Next(text.Length + 1);
                    break;
                case 2:
                    text.Insert(position, RandomString(random, random.Next(1, 4)));
                    break;
                case 3 when text.Length > 0:
                    text.Remove(position, 1);
                    break;
                case 4 when text.Length > 0:
                    text[position] = Oddities[random.Next(Oddities.Length)][0];
                    break;
                case 5:
                    text.Append(text.ToString());
                    break;
                case 6 when text.Length > 0:
                    text[position] = ApiKeyToken.Base62Alphabet[random.Next(62)];
                    break;
                default:
                    text.Insert(0, Oddities[random.Next(Oddities.Length)]);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Half structural mutations (a field replaced by a random JSON value or removed, a field added) and half textual ones.</summary>
    private static string MutateJson(Random random, string json)
    {
        if (random.Next(4) == 0)
        {
            return Mutate(random, json);
        }

        var node = JsonNode.Parse(json)!.AsObject();
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds; r++)
        {
            var names = node.Select(p => p.Key).ToList();
            switch (random.Next(4))
            {
                case 0 when names.Count > 0:
                    node.Remove(names[random.Next(names.Count)]);
                    break;
                case 1:
                    node[RandomFieldName(random)] = RandomJson(random, 0);
                    break;
                default:
                    if (names.Count > 0)
                    {
                        node[names[random.Next(names.Count)]] = RandomJson(random, 0);
                    }

                    break;
            }
        }

        var text = node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return random.Next(20) == 0 ? new string('[', 70) + text + new string(']', 70) : text;
    }

    private static readonly string[] FieldNames =
    [
        "name", "secure", "org_role", "app_roles", "scopes", "project_id", "expires_at", "device_name", "source", "mode",
        "limited_to_apps", "limited_to_orgs", "key", "app_id", "permissions", "grace_period_seconds", "id", "organization_id",
        "kind", "key_prefix", "is_active", "revoked_at", "created_by_user_id", "Name", "NAME", "$type", "__proto__",
    ];

    private static string RandomFieldName(Random random) => random.Next(5) == 0 ? RandomString(random, random.Next(1, 10)) : FieldNames[random.Next(FieldNames.Length)];

    private static JsonNode? RandomJson(Random random, int depth)
    {
        switch (random.Next(depth > 3 ? 9 : 12))
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(2) == 0);
            case 2: return JsonValue.Create(random.Next(int.MinValue, int.MaxValue));
            case 3: return JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-10, 300)) * (random.Next(2) == 0 ? -1 : 1));
            case 4: return JsonValue.Create(RandomString(random, random.Next(0, 40)));
            case 5: return JsonValue.Create(new[] { "none", "member", "admin", "owner", "org_owner", "reader", "developer", "app_admin", "read", "all", "god" }[random.Next(11)]);
            case 6: return JsonValue.Create(new[] { "2099-01-01T00:00:00Z", "2001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999+14:00", "2030-02-30", "yesterday", "" }[random.Next(7)]);
            case 7: return JsonValue.Create(new string('x', random.Next(90, 2000)));
            case 8: return JsonValue.Create(random.Next(-2, 90000));
            case 9: return new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth + 1)).ToArray());
            case 10:
                var obj = new JsonObject();
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    obj[RandomFieldName(random)] = RandomJson(random, depth + 1);
                }

                return obj;
            default:
                return new JsonArray(new JsonObject { ["app_id"] = RandomJson(random, depth + 1), ["role"] = RandomJson(random, depth + 1) });
        }
    }
}

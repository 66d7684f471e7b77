using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Hardening;

/// <summary>
/// Contract §7 over every route that takes a body or parameters: each bad input is a 400 (413 over 64 KiB, 415 not
/// JSON, 404 for a path id that cannot name anything) in the contract's error shape, with a <c>details</c> entry
/// naming the bad field, and it changes nothing.
/// </summary>
public class BadInputMatrixTests(HardeningFactory factory) : IClassFixture<HardeningFactory>
{
    /// <summary>One row: what is sent and which field the 400 must name. Paths use {org} and {key}.</summary>
    public sealed record BadInput(string Method, string Path, string? Body, string Field, int Status = 400, string ContentType = "application/json");

    private const string Org = "/v1/organizations/{org}";
    private const string Keys = Org + "/api-keys";
    private const string Key = Keys + "/{key}";
    private const string BadOrg = "/v1/organizations/org_x";
    private const string BadKey = Keys + "/key_123";

    private static readonly string Long = new('n', 101);
    private static readonly string Past = "2001-01-01T00:00:00Z";
    private static readonly string Future = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ");
    private static readonly string Huge = $"{{\"name\": \"{new string('a', 70_000)}\"}}";

    private static readonly Dictionary<string, BadInput> Cases = Build();

    private static Dictionary<string, BadInput> Build()
    {
        var cases = new Dictionary<string, BadInput>(StringComparer.Ordinal);
        void Add(string name, string method, string path, string? body, string field, int status = 400, string contentType = "application/json") =>
            cases.Add(name, new BadInput(method, path, body, field, status, contentType));

        // Common body problems, on every route with a body.
        var bodied = new (string Name, string Method, string Path, string Valid)[]
        {
            ("org.create", "POST", "/v1/organizations", "{\"name\": \"x\"}"),
            ("org.update", "PATCH", Org, "{\"name\": \"x\"}"),
            ("app.create", "POST", Org + "/apps", "{\"app_id\": \"com.other.app\", \"name\": \"x\"}"),
            ("member.set", "PUT", Org + "/members/someone", "{\"org_role\": \"member\", \"app_roles\": []}"),
            ("key.create", "POST", Keys, "{\"name\": \"x\"}"),
            ("key.update", "PATCH", Key, "{\"name\": \"x\"}"),
            ("key.roles", "PUT", Key + "/roles", "{\"org_role\": \"member\", \"app_roles\": []}"),
            ("key.regenerate", "POST", Key + "/regenerate", "{\"grace_period_seconds\": 0}"),
            ("verify", "POST", "/v1/keys/verify", "{\"key\": \"capy_live_000000000000000000000000000000003UFVO5\"}"),
        };
        foreach (var (name, method, path, valid) in bodied)
        {
            // The parser stops at $.name: "body" or the path where it stopped both name the problem.
            Add($"{name}: malformed JSON", method, path, "{\"name\": ", "body|name");
            Add($"{name}: not JSON at all", method, path, "not json", "body");
            Add($"{name}: array for the body object", method, path, "[]", "body");
            Add($"{name}: trailing garbage", method, path, valid + " }", "body");
            Add($"{name}: body over 64 KiB", method, path, Huge, "", 413);
            Add($"{name}: form content type", method, path, "name=x", "", 415, "application/x-www-form-urlencoded");
            Add($"{name}: text/plain content type", method, path, valid, "", 415, "text/plain");

            // Contract §7: the same member twice is a 400, whichever of the two would have been read.
            var inner = valid[1..^1];
            var first = inner[(inner.IndexOf('"') + 1)..inner.IndexOf('"', inner.IndexOf('"') + 1)];
            Add($"{name}: the same member twice", method, path, $"{{{inner}, {inner}}}", "body|" + first);
        }

        Add("member.set: org_role twice", "PUT", Org + "/members/someone", "{\"org_role\": \"member\", \"app_roles\": [], \"org_role\": \"owner\"}", "body|org_role");
        Add("key.roles: org_role twice", "PUT", Key + "/roles", "{\"org_role\": \"member\", \"app_roles\": [], \"org_role\": \"admin\"}", "body|org_role");
        Add("key.create: org_role twice", "POST", Keys, "{\"name\": \"x\", \"org_role\": \"member\", \"org_role\": \"owner\"}", "body|org_role");
        Add("key.create: duplicate inside an app role", "POST", Keys, "{\"name\": \"x\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"reader\", \"role\": \"admin\"}]}", "body|app_roles");
        Add("key.create: duplicate inside credits", "POST", Keys, "{\"name\": \"x\", \"credits\": {\"remaining\": 1, \"remaining\": 1000}}", "body|credits");
        Add("org.update: duplicate inside key_policy", "PATCH", Org, "{\"key_policy\": {\"require_expiration\": true, \"require_expiration\": false}}", "body|key_policy");
        Add("webhook.create: url twice", "POST", Org + "/webhooks", "{\"url\": \"https://hooks.example.com/a\", \"events\": [\"api_key.created\"], \"url\": \"https://hooks.example.com/b\"}", "body|url");
        Add("verify: key twice", "POST", "/v1/keys/verify?organization_id={org}", "{\"key\": \"capy_live_000000000000000000000000000000003UFVO5\", \"key\": \"x\"}", "body|key");
        Add("verify: client_ip twice", "POST", "/v1/keys/verify?organization_id={org}", "{\"key\": \"x\", \"client_ip\": \"10.0.0.1\", \"client_ip\": \"10.0.0.2\"}", "body|client_ip");

        // Contract §7 names: at least one visible character, no invisible, bidirectional or separator characters.
        foreach (var (route, method, path, before, after) in new[]
        {
            ("org.create", "POST", "/v1/organizations", "{\"name\": \"", "\"}"),
            ("org.update", "PATCH", Org, "{\"name\": \"", "\"}"),
            ("app.create", "POST", Org + "/apps", "{\"app_id\": \"com.named.app\", \"name\": \"", "\"}"),
            ("key.create", "POST", Keys, "{\"name\": \"", "\"}"),
            ("key.update", "PATCH", Key, "{\"name\": \"", "\"}"),
        })
        {
            void Name(string what, string json) => Add($"{route}: name {what}", method, path, before + json + after, "name");
            Name("of zero-width spaces only", "\\u200B\\u200B\\u200B");
            Name("of a zero-width joiner only", "\\u200D");
            Name("of word joiners and BOMs only", "\\u2060\\uFEFF");
            Name("with a right-to-left override", "invoice\\u202Egnp.exe");
            Name("with a left-to-right embedding", "a\\u202Ab");
            Name("with a right-to-left isolate", "a\\u2067b\\u2069");
            Name("with a right-to-left mark", "a\\u200Fb");
            Name("with an Arabic letter mark", "a\\u061Cb");
            Name("with a zero-width space inside", "ad\\u200Bmin");
            Name("with a BOM inside", "a\\uFEFFb");
            Name("with a line separator", "a\\u2028b");
            Name("with a paragraph separator", "a\\u2029b");
            Name("of combining marks only", "\\u0301\\u0303");
            Name("of Hangul fillers only", "\\u3164\\u115F");
            Name("of braille blanks only", "\\u2800\\u2800");
        }

        Add("key.create: device_name with a right-to-left override", "POST", Keys, "{\"name\": \"x\", \"device_name\": \"a\\u202Eb\"}", "device_name");
        Add("webhook.create: description with a right-to-left override", "POST", Org + "/webhooks", "{\"url\": \"https://hooks.example.com/a\", \"events\": [\"api_key.created\"], \"description\": \"a\\u202Eb\"}", "description");

        // Contract §7: dates far in the future or past are a 400, never a 500.
        Add("usage: from and to in year 9999", "GET", Key + "/usage?from=9999-12-30T00:00:00Z&to=9999-12-31T23:59:59Z", null, "from|to");
        Add("usage: to at the last instant", "GET", Key + "/usage?to=9999-12-31T23:59:59.9999999Z&granularity=day", null, "to");
        Add("usage: from and to in year 1", "GET", Key + "/usage?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z", null, "from|to");
        Add("usage: to in year 1, no from", "GET", Key + "/usage?to=0001-01-01T00:00:00Z", null, "to");
        Add("key.create: expires_at in year 9999", "POST", Keys, "{\"name\": \"x\", \"expires_at\": \"9999-12-31T23:59:59Z\"}", "expires_at");
        Add("key.create: expires_at at the last instant", "POST", Keys, "{\"name\": \"x\", \"expires_at\": \"9999-12-31T23:59:59.9999999Z\"}", "expires_at");
        Add("key.create: expires_at in year 1 west of UTC", "POST", Keys, "{\"name\": \"x\", \"expires_at\": \"0001-01-01T00:00:00+05:00\"}", "expires_at");
        Add("key.update: expires_at in year 9999", "PATCH", Key, "{\"expires_at\": \"9999-12-31T23:59:59Z\"}", "expires_at");
        Add("key.create: legacy expires_at in year 9999", "POST", Keys, "{\"name\": \"x\", \"mode\": \"read\", \"expires_at\": \"9999-12-31T23:59:59Z\"}", "expires_at");

        // POST /v1/organizations
        Add("org.create: missing name", "POST", "/v1/organizations", "{}", "name");
        Add("org.create: name is a number", "POST", "/v1/organizations", "{\"name\": 5}", "name");
        Add("org.create: name is an object", "POST", "/v1/organizations", "{\"name\": {}}", "name");
        Add("org.create: name is empty", "POST", "/v1/organizations", "{\"name\": \"\"}", "name");
        Add("org.create: name is blanks", "POST", "/v1/organizations", "{\"name\": \"   \"}", "name");
        Add("org.create: name over 100", "POST", "/v1/organizations", $"{{\"name\": \"{Long}\"}}", "name");
        Add("org.create: name with NUL", "POST", "/v1/organizations", "{\"name\": \"a\\u0000b\"}", "name");
        Add("org.create: name with newline", "POST", "/v1/organizations", "{\"name\": \"a\\nb\"}", "name");

        // PATCH /v1/organizations/{orgID}
        Add("org.update: bad orgID", "PATCH", BadOrg, "{\"name\": \"x\"}", "", 404);
        Add("org.update: name is a number", "PATCH", Org, "{\"name\": 5}", "name");
        Add("org.update: name over 100", "PATCH", Org, $"{{\"name\": \"{Long}\"}}", "name");
        Add("org.update: name with control char", "PATCH", Org, "{\"name\": \"a\\u0007b\"}", "name");
        Add("org.update: name is empty", "PATCH", Org, "{\"name\": \"\"}", "name");
        Add("org.update: key_policy is a string", "PATCH", Org, "{\"key_policy\": \"strict\"}", "key_policy");
        Add("org.update: key_policy is an array", "PATCH", Org, "{\"key_policy\": []}", "key_policy");
        Add("org.update: require_expiration is a string", "PATCH", Org, "{\"key_policy\": {\"require_expiration\": \"yes\"}}", "key_policy");
        Add("org.update: require_secure_keys is a number", "PATCH", Org, "{\"key_policy\": {\"require_secure_keys\": 1}}", "key_policy");
        Add("org.update: max_lifetime_days is a string", "PATCH", Org, "{\"key_policy\": {\"max_lifetime_days\": \"abc\"}}", "key_policy");
        Add("org.update: max_lifetime_days is fractional", "PATCH", Org, "{\"key_policy\": {\"max_lifetime_days\": 1.5}}", "key_policy");

        Add("org.update: max_lifetime_days -1", "PATCH", Org, "{\"key_policy\": {\"max_lifetime_days\": -1}}", "key_policy");
        Add("org.update: max_lifetime_days 0", "PATCH", Org, "{\"key_policy\": {\"max_lifetime_days\": 0}}", "key_policy");

        // POST /v1/organizations/{orgID}/apps
        Add("app.create: app_id not reverse-DNS", "POST", Org + "/apps", "{\"app_id\": \"not a dns id!\", \"name\": \"x\"}", "app_id");
        Add("app.create: bad orgID", "POST", BadOrg + "/apps", "{\"app_id\": \"com.x.app\", \"name\": \"x\"}", "", 404);
        Add("app.create: missing app_id", "POST", Org + "/apps", "{\"name\": \"x\"}", "app_id");
        Add("app.create: missing name", "POST", Org + "/apps", "{\"app_id\": \"com.x.app\"}", "name");
        Add("app.create: app_id is a number", "POST", Org + "/apps", "{\"app_id\": 7, \"name\": \"x\"}", "app_id");
        Add("app.create: app_id is an array", "POST", Org + "/apps", "{\"app_id\": [\"com.x.app\"], \"name\": \"x\"}", "app_id");
        Add("app.create: app_id is empty", "POST", Org + "/apps", "{\"app_id\": \"\", \"name\": \"x\"}", "app_id");
        Add("app.create: name over 100", "POST", Org + "/apps", $"{{\"app_id\": \"com.x.app\", \"name\": \"{Long}\"}}", "name");
        Add("app.create: name with control char", "POST", Org + "/apps", "{\"app_id\": \"com.x.app\", \"name\": \"a\\tb\"}", "name");
        Add("app.create: name is a bool", "POST", Org + "/apps", "{\"app_id\": \"com.x.app\", \"name\": true}", "name");

        // PUT /v1/organizations/{orgID}/members/{userID}
        Add("member.set: bad orgID", "PUT", BadOrg + "/members/someone", "{\"org_role\": \"member\", \"app_roles\": []}", "", 404);
        Add("member.set: missing org_role", "PUT", Org + "/members/someone", "{\"app_roles\": []}", "org_role");
        Add("member.set: empty body object", "PUT", Org + "/members/someone", "{}", "org_role");
        Add("member.set: unknown org_role", "PUT", Org + "/members/someone", "{\"org_role\": \"superuser\", \"app_roles\": []}", "org_role");
        Add("member.set: org_role is a number", "PUT", Org + "/members/someone", "{\"org_role\": 3, \"app_roles\": []}", "org_role");
        Add("member.set: app_roles is an object", "PUT", Org + "/members/someone", "{\"org_role\": \"member\", \"app_roles\": {}}", "app_roles");
        Add("member.set: app_roles is a string", "PUT", Org + "/members/someone", "{\"org_role\": \"member\", \"app_roles\": \"reader\"}", "app_roles");
        Add("member.set: unknown app role", "PUT", Org + "/members/someone", "{\"org_role\": \"none\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"king\"}]}", "app_roles");
        Add("member.set: app role is a number", "PUT", Org + "/members/someone", "{\"org_role\": \"none\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": 1}]}", "app_roles");
        Add("member.set: app role entry is a string", "PUT", Org + "/members/someone", "{\"org_role\": \"none\", \"app_roles\": [\"reader\"]}", "app_roles");

        // POST /v1/organizations/{orgID}/api-keys
        Add("key.create: bad orgID", "POST", BadOrg + "/api-keys", "{\"name\": \"x\"}", "", 404);
        Add("key.create: missing name", "POST", Keys, "{}", "name");
        Add("key.create: name is null", "POST", Keys, "{\"name\": null}", "name");
        Add("key.create: name is a number", "POST", Keys, "{\"name\": 12}", "name");
        Add("key.create: name is an array", "POST", Keys, "{\"name\": [\"x\"]}", "name");
        Add("key.create: name is empty", "POST", Keys, "{\"name\": \"\"}", "name");
        Add("key.create: name over 100", "POST", Keys, $"{{\"name\": \"{Long}\"}}", "name");
        Add("key.create: name with tab", "POST", Keys, "{\"name\": \"tab\\there\"}", "name");
        Add("key.create: name with DEL", "POST", Keys, "{\"name\": \"a\\u007fb\"}", "name");
        Add("key.create: name with C1 control", "POST", Keys, "{\"name\": \"a\\u0085b\"}", "name");
        Add("key.create: secure is a string", "POST", Keys, "{\"name\": \"x\", \"secure\": \"yes\"}", "secure");
        Add("key.create: secure is a number", "POST", Keys, "{\"name\": \"x\", \"secure\": 1}", "secure");
        Add("key.create: unknown org_role", "POST", Keys, "{\"name\": \"x\", \"org_role\": \"superuser\"}", "org_role");
        Add("key.create: org_role is an app role", "POST", Keys, "{\"name\": \"x\", \"org_role\": \"app_reader\"}", "org_role");
        Add("key.create: org_role is a number", "POST", Keys, "{\"name\": \"x\", \"org_role\": 2}", "org_role");
        Add("key.create: app_roles is an object", "POST", Keys, "{\"name\": \"x\", \"app_roles\": {\"app_id\": \"com.demo.app\", \"role\": \"reader\"}}", "app_roles");
        Add("key.create: unknown app role", "POST", Keys, "{\"name\": \"x\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"king\"}]}", "app_roles");
        Add("key.create: app role is an org role", "POST", Keys, "{\"name\": \"x\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"org_admin\"}]}", "app_roles");
        Add("key.create: scopes is a string", "POST", Keys, "{\"name\": \"x\", \"scopes\": \"app.read\"}", "scopes");
        Add("key.create: scopes holds a number", "POST", Keys, "{\"name\": \"x\", \"scopes\": [1]}", "scopes");
        Add("key.create: unknown scope", "POST", Keys, "{\"name\": \"x\", \"scopes\": [\"app.fly\"]}", "scopes");
        Add("key.create: unknown mode", "POST", Keys, "{\"name\": \"x\", \"mode\": \"god\"}", "mode");
        Add("key.create: mode is a number", "POST", Keys, "{\"name\": \"x\", \"mode\": 1}", "mode");
        Add("key.create: limited_to_apps is a string", "POST", Keys, "{\"name\": \"x\", \"mode\": \"read\", \"limited_to_apps\": \"com.demo.app\"}", "limited_to_apps");
        Add("key.create: limited_to_orgs is an object", "POST", Keys, "{\"name\": \"x\", \"mode\": \"read\", \"limited_to_orgs\": {}}", "limited_to_orgs");
        Add("key.create: project_id is a number", "POST", Keys, "{\"name\": \"x\", \"project_id\": 5}", "project_id");
        Add("key.create: expires_at in the past", "POST", Keys, $"{{\"name\": \"x\", \"expires_at\": \"{Past}\"}}", "expires_at");
        Add("key.create: expires_at not a date", "POST", Keys, "{\"name\": \"x\", \"expires_at\": \"not a date\"}", "expires_at");
        Add("key.create: expires_at is a number", "POST", Keys, "{\"name\": \"x\", \"expires_at\": 1767225600}", "expires_at");
        Add("key.create: expires_at impossible date", "POST", Keys, "{\"name\": \"x\", \"expires_at\": \"2030-02-30T00:00:00Z\"}", "expires_at");
        Add("key.create: device_name is a number", "POST", Keys, "{\"name\": \"x\", \"device_name\": 5}", "device_name");
        Add("key.create: source is an object", "POST", Keys, "{\"name\": \"x\", \"source\": {}}", "source");

        // §9 governance fields, on create and PATCH alike.
        foreach (var (route, method, path, extra) in new[] { ("key.create", "POST", Keys, "\"name\": \"x\", "), ("key.update", "PATCH", Key, "") })
        {
            void Gov(string name, string fields, string field) => Add($"{route}: {name}", method, path, $"{{{extra}{fields}}}", field);
            Gov("enabled is a string", "\"enabled\": \"no\"", "enabled");
            Gov("enabled is a number", "\"enabled\": 0", "enabled");
            Gov("rate_limits is an object", "\"rate_limits\": {}", "rate_limits");
            Gov("rate_limits holds a string", "\"rate_limits\": [\"fast\"]", "rate_limits");
            Gov("rate_limits over 10", "\"rate_limits\": [" + string.Join(", ", Enumerable.Range(0, 11).Select(i => $"{{\"name\": \"l{i}\", \"limit\": 1, \"window_seconds\": 1}}")) + "]", "rate_limits");
            Gov("rate_limits duplicate names", "\"rate_limits\": [{\"name\": \"a\", \"limit\": 1, \"window_seconds\": 1}, {\"name\": \"a\", \"limit\": 2, \"window_seconds\": 2}]", "rate_limits");
            Gov("rate limit without name", "\"rate_limits\": [{\"limit\": 1, \"window_seconds\": 1}]", "rate_limits[0].name");
            Gov("rate limit name with a quote", "\"rate_limits\": [{\"name\": \"a\\\"b\", \"limit\": 1, \"window_seconds\": 1}]", "rate_limits[0].name");
            Gov("rate limit limit 0", "\"rate_limits\": [{\"name\": \"a\", \"limit\": 0, \"window_seconds\": 1}]", "rate_limits[0].limit");
            Gov("rate limit limit over 10^9", "\"rate_limits\": [{\"name\": \"a\", \"limit\": 1000000001, \"window_seconds\": 1}]", "rate_limits[0].limit");
            Gov("rate limit limit is a string", "\"rate_limits\": [{\"name\": \"a\", \"limit\": \"ten\", \"window_seconds\": 1}]", "rate_limits[0].limit");
            Gov("rate limit without window", "\"rate_limits\": [{\"name\": \"a\", \"limit\": 1}]", "rate_limits[0].window_seconds");
            Gov("rate limit window 0", "\"rate_limits\": [{\"name\": \"a\", \"limit\": 1, \"window_seconds\": 0}]", "rate_limits[0].window_seconds");
            Gov("rate limit window over a day", "\"rate_limits\": [{\"name\": \"a\", \"limit\": 1, \"window_seconds\": 86401}]", "rate_limits[0].window_seconds");
            Gov("rate limit window fractional", "\"rate_limits\": [{\"name\": \"a\", \"limit\": 1, \"window_seconds\": 1.5}]", "rate_limits[0].window_seconds");
            Gov("credits is a number", "\"credits\": 50", "credits");
            Gov("credits without remaining", "\"credits\": {}", "credits.remaining");
            Gov("credits remaining -1", "\"credits\": {\"remaining\": -1}", "credits.remaining");
            Gov("credits remaining over 10^12", "\"credits\": {\"remaining\": 1000000000001}", "credits.remaining");
            Gov("credits refill is a string", "\"credits\": {\"remaining\": 1, \"refill\": \"daily\"}", "credits.refill");
            Gov("credits refill without amount", "\"credits\": {\"remaining\": 1, \"refill\": {\"interval\": \"daily\"}}", "credits.refill.amount");
            Gov("credits refill amount 0", "\"credits\": {\"remaining\": 1, \"refill\": {\"amount\": 0, \"interval\": \"daily\"}}", "credits.refill.amount");
            Gov("credits refill unknown interval", "\"credits\": {\"remaining\": 1, \"refill\": {\"amount\": 5, \"interval\": \"weekly\"}}", "credits.refill.interval");
            Gov("credits refill without interval", "\"credits\": {\"remaining\": 1, \"refill\": {\"amount\": 5}}", "credits.refill.interval");
            Gov("allowed_cidrs is a string", "\"allowed_cidrs\": \"10.0.0.0/8\"", "allowed_cidrs");
            Gov("allowed_cidrs holds a number", "\"allowed_cidrs\": [10]", "allowed_cidrs");
            Gov("allowed_cidrs not an address", "\"allowed_cidrs\": [\"10.0.0.0/8\", \"office\"]", "allowed_cidrs[1]");
            Gov("allowed_cidrs prefix too long", "\"allowed_cidrs\": [\"10.0.0.0/33\"]", "allowed_cidrs[0]");
            Gov("allowed_cidrs host bits set", "\"allowed_cidrs\": [\"10.0.0.1/8\"]", "allowed_cidrs[0]");
            Gov("allowed_cidrs IPv6 prefix too long", "\"allowed_cidrs\": [\"2001:db8::/129\"]", "allowed_cidrs[0]");
            Gov("meta is an array", "\"meta\": [1, 2]", "meta");
            Gov("meta is a string", "\"meta\": \"pro\"", "meta");
            Gov("meta over 4 KiB", $"\"meta\": {{\"v\": \"{new string('m', 4100)}\"}}", "meta");
        }

        Add("verify: cost -1", "POST", "/v1/keys/verify", "{\"key\": \"x\", \"cost\": -1}", "cost");
        Add("verify: cost is a string", "POST", "/v1/keys/verify", "{\"key\": \"x\", \"cost\": \"one\"}", "cost");
        Add("verify: cost over 10^9", "POST", "/v1/keys/verify", "{\"key\": \"x\", \"cost\": 1000000001}", "cost");
        Add("verify: client_ip not an address", "POST", "/v1/keys/verify", "{\"key\": \"x\", \"client_ip\": \"nope\"}", "client_ip");

        // Contract §7: one strict reader for addresses (dotted-quad IPv4, RFC 4291 IPv6), for client_ip and CIDRs alike.
        foreach (var address in new[] { "10.1", "012.0.0.1", "0x0a000001", "167772161", "10.0.0.256", "1.2.3.4.5", "0x0a.0.0.1", "10.0.0.1 ", "fe80::1%eth0", "[::1]", "1::2::3", "1:2:3:4:5:6:7:8:9", "::ffff:012.0.0.1", "1.2.3.4::", "::g", "12345::" })
        {
            Add($"verify: client_ip '{address}'", "POST", "/v1/keys/verify?organization_id={org}", $"{{\"key\": \"x\", \"client_ip\": \"{address}\"}}", "client_ip");
        }

        foreach (var cidr in new[] { "10.1/16", "012.0.0.0/8", "0x0a000000/8", "167772160/8", "10.0.0.0/08", "10.0.0.0/+8", "10.0.0.0/", "fe80::%eth0/64", "10.0.0.0/8/8" })
        {
            Add($"key.create: allowed_cidrs '{cidr}'", "POST", Keys, $"{{\"name\": \"x\", \"allowed_cidrs\": [\"{cidr}\"]}}", "allowed_cidrs[0]");
            Add($"key.update: allowed_cidrs '{cidr}'", "PATCH", Key, $"{{\"allowed_cidrs\": [\"{cidr}\"]}}", "allowed_cidrs[0]");
        }

        // GET list routes: limit and cursor
        foreach (var (route, path) in new[] { ("keys", Keys), ("apps", Org + "/apps"), ("members", Org + "/members"), ("audit", Org + "/audit-events") })
        {
            Add($"{route}.list: limit=0", "GET", path + "?limit=0", null, "limit");
            Add($"{route}.list: limit=201", "GET", path + "?limit=201", null, "limit");
            Add($"{route}.list: limit=-1", "GET", path + "?limit=-1", null, "limit");
            Add($"{route}.list: limit=abc", "GET", path + "?limit=abc", null, "limit");
            Add($"{route}.list: limit=1.5", "GET", path + "?limit=1.5", null, "limit");
            Add($"{route}.list: cursor=%%%", "GET", path + "?cursor=%25%25%25", null, "cursor");
            Add($"{route}.list: cursor=garbage", "GET", path + "?cursor=bm90LWEtY3Vyc29y", null, "cursor");
            Add($"{route}.list: bad orgID", "GET", path.Replace("{org}", "org_x", StringComparison.Ordinal), null, "", 404);
        }

        Add("keys.list: unknown kind", "GET", Keys + "?kind=other", null, "kind");
        Add("keys.list: include_revoked=maybe", "GET", Keys + "?include_revoked=maybe", null, "include_revoked");

        // Path ids: opaque, so one that cannot name anything is 404 like one that names nothing (contract §4).
        Add("org.get: bad orgID", "GET", BadOrg, null, "", 404);
        Add("org.get: key id as orgID", "GET", "/v1/organizations/key_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f", null, "", 404);
        Add("org.get: upper-case orgID", "GET", "/v1/organizations/org_0192F0C0A1B27C3D8E9F0A1B2C3D4E5F", null, "", 404);
        Add("key.get: key_123", "GET", BadKey, null, "", 404);
        Add("key.get: org id as keyID", "GET", Keys + "/org_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f", null, "", 404);
        Add("key.update: key_123", "PATCH", BadKey, "{\"name\": \"x\"}", "", 404);
        Add("key.roles: key_123", "PUT", BadKey + "/roles", "{\"org_role\": \"member\", \"app_roles\": []}", "", 404);
        Add("key.regenerate: key_123", "POST", BadKey + "/regenerate", "{}", "", 404);
        Add("key.revoke: key_123", "DELETE", BadKey, null, "", 404);
        Add("me: bad organization_id", "GET", "/v1/me?organization_id=org_x", null, "", 404);

        // PATCH /v1/organizations/{orgID}/api-keys/{keyID}
        Add("key.update: name is a number", "PATCH", Key, "{\"name\": 5}", "name");
        Add("key.update: name is empty", "PATCH", Key, "{\"name\": \"\"}", "name");
        Add("key.update: name over 100", "PATCH", Key, $"{{\"name\": \"{Long}\"}}", "name");
        Add("key.update: name with control char", "PATCH", Key, "{\"name\": \"a\\u001bb\"}", "name");
        Add("key.update: expires_at in the past", "PATCH", Key, $"{{\"expires_at\": \"{Past}\"}}", "expires_at");
        Add("key.update: expires_at not a date", "PATCH", Key, "{\"expires_at\": \"nope\"}", "expires_at");
        Add("key.update: expires_at is a bool", "PATCH", Key, "{\"expires_at\": true}", "expires_at");
        Add("key.update: good name, bad expiry", "PATCH", Key, $"{{\"name\": \"renamed\", \"expires_at\": \"{Past}\"}}", "expires_at");
        Add("key.update: good expiry, bad name", "PATCH", Key, $"{{\"name\": \"\", \"expires_at\": \"{Future}\"}}", "name");

        // PUT …/api-keys/{keyID}/roles
        Add("key.roles: missing org_role", "PUT", Key + "/roles", "{\"app_roles\": []}", "org_role");
        Add("key.roles: empty body object", "PUT", Key + "/roles", "{}", "org_role");
        Add("key.roles: unknown org_role", "PUT", Key + "/roles", "{\"org_role\": \"superuser\", \"app_roles\": []}", "org_role");
        Add("key.roles: org_role is a bool", "PUT", Key + "/roles", "{\"org_role\": true, \"app_roles\": []}", "org_role");
        Add("key.roles: app_roles is an object", "PUT", Key + "/roles", "{\"org_role\": \"none\", \"app_roles\": {}}", "app_roles");
        Add("key.roles: unknown app role", "PUT", Key + "/roles", "{\"org_role\": \"none\", \"app_roles\": [{\"app_id\": \"com.demo.app\", \"role\": \"king\"}]}", "app_roles");
        Add("key.roles: app_id is a number", "PUT", Key + "/roles", "{\"org_role\": \"none\", \"app_roles\": [{\"app_id\": 1, \"role\": \"reader\"}]}", "app_roles");

        // POST …/api-keys/{keyID}/regenerate
        Add("key.regenerate: grace -1", "POST", Key + "/regenerate", "{\"grace_period_seconds\": -1}", "grace_period_seconds");
        Add("key.regenerate: grace 86401", "POST", Key + "/regenerate", "{\"grace_period_seconds\": 86401}", "grace_period_seconds");
        Add("key.regenerate: grace is a string", "POST", Key + "/regenerate", "{\"grace_period_seconds\": \"abc\"}", "grace_period_seconds");
        Add("key.regenerate: grace is fractional", "POST", Key + "/regenerate", "{\"grace_period_seconds\": 1.5}", "grace_period_seconds");
        Add("key.regenerate: grace overflows int", "POST", Key + "/regenerate", "{\"grace_period_seconds\": 99999999999}", "grace_period_seconds");

        // POST /v1/keys/verify
        Add("verify: missing key", "POST", "/v1/keys/verify", "{}", "key");
        Add("verify: key is a number", "POST", "/v1/keys/verify", "{\"key\": 5}", "key");
        Add("verify: key is an object", "POST", "/v1/keys/verify", "{\"key\": {}}", "key");
        Add("verify: app_id is a number", "POST", "/v1/keys/verify", "{\"key\": \"x\", \"app_id\": 5}", "app_id");
        Add("verify: permissions is a string", "POST", "/v1/keys/verify", "{\"key\": \"x\", \"permissions\": \"app.read\"}", "permissions");
        Add("verify: permissions holds a number", "POST", "/v1/keys/verify", "{\"key\": \"x\", \"permissions\": [1]}", "permissions");
        return cases;
    }

    public static TheoryData<string> CaseNames => new(Cases.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Matrix_HasTheExpectedNumberOfCases() =>
        Cases.Count.Should().BeGreaterThanOrEqualTo(150, "the matrix covers every route with a body or parameters");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_IsRefusedInContractShapeAndChangesNothing(string caseName)
    {
        var bad = Cases[caseName];
        var world = await factory.WorldAsync();
        var user = factory.User();
        var before = await SnapshotAsync(user, world);
        var rowsBefore = await RowCountsAsync();

        var path = bad.Path.Replace("{org}", world.OrganizationId, StringComparison.Ordinal).Replace("{key}", world.KeyId, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), path);
        if (bad.Body is not null)
        {
            request.Content = new StringContent(bad.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(bad.ContentType) { CharSet = "utf-8" };
        }

        var response = await user.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        ((int)response.StatusCode).Should().Be(bad.Status, $"{caseName}: {text}");
        response.Content.Headers.ContentType?.MediaType.Should().Contain("json", caseName);
        var body = JsonNode.Parse(text);
        ErrorShape.ShouldBeContractError(body, caseName);
        if (bad.Status == 400)
        {
            body!["code"]!.GetValue<string>().Should().Be("validation_failed", caseName);
            body["details"].Should().NotBeNull(caseName);
            var keys = body["details"]!.AsObject().Select(p => p.Key).ToList();
            keys.Should().Contain(k => bad.Field.Split('|').Any(f => Names(k, f)), $"{caseName}: details must name '{bad.Field}', got {text}");
        }
        else if (bad.Status == 404)
        {
            body!["code"]!.GetValue<string>().Should().EndWith("not_found", caseName);
        }

        var after = await SnapshotAsync(user, world);
        after.Should().Be(before, $"{caseName}: bad input changes nothing");
        (await RowCountsAsync()).Should().Be(rowsBefore, $"{caseName}: bad input adds or removes no row anywhere (e.g. an organization the caller could not see from this one)");
    }

    /// <summary>A details key names the field when it is the field or a path under it (<c>app_roles[0].role</c>).</summary>
    private static bool Names(string key, string field) =>
        key == field || key.StartsWith(field + "[", StringComparison.Ordinal) || key.StartsWith(field + ".", StringComparison.Ordinal);

    /// <summary>Everything a bad request could touch, as JSON text, minus usage times that background writers move.</summary>
    private static async Task<string> SnapshotAsync(HttpClient user, HardeningWorld world)
    {
        var parts = new List<string>();
        foreach (var path in new[]
        {
            "/v1/me",
            $"/v1/organizations/{world.OrganizationId}",
            $"/v1/organizations/{world.OrganizationId}/apps?limit=200",
            $"/v1/organizations/{world.OrganizationId}/members?limit=200",
            $"/v1/organizations/{world.OrganizationId}/api-keys?include_revoked=true&limit=200",
            $"/v1/organizations/{world.OrganizationId}/api-keys/{world.KeyId}",
        })
        {
            var (response, body) = await user.GetJsonAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
            Strip(body!);
            parts.Add(body!.ToJsonString());
        }

        // This organization's audit trail, minus the denials a refused request may record.
        var (_, audit) = await user.GetJsonAsync($"/v1/organizations/{world.OrganizationId}/audit-events?limit=200");
        parts.Add(string.Join(",", audit!["audit_events"]!.AsArray().Select(e => e!["action"]?.ToJsonString()).Where(a => a is not null && !a.Contains("denied", StringComparison.Ordinal))));
        return string.Join("\n", parts);
    }

    /// <summary>
    /// Rows in the whole database, not only in the world's organization: a bad <c>POST /v1/organizations</c> would
    /// create an organization (and its owner's membership) that no route of the world's organization shows.
    /// </summary>
    private async Task<string> RowCountsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ct = TestContext.Current.CancellationToken;
        return $"organizations {await db.Organizations.CountAsync(ct)}, members {await db.Members.CountAsync(ct)}, apps {await db.Apps.CountAsync(ct)}, "
            + $"api keys {await db.ApiKeys.CountAsync(ct)}, webhooks {await db.WebhookEndpoints.CountAsync(ct)}";
    }

    private static void Strip(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("last_used_at");
                foreach (var (_, child) in obj.ToList())
                {
                    if (child is not null)
                    {
                        Strip(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Strip(child);
                    }
                }

                break;
        }
    }

    [Theory]
    [InlineData("🔑 deploy key 🚀")]
    [InlineData("部署キー 测试")]
    [InlineData("مفتاح النشر")]
    [InlineData("עברית mixed")]
    [InlineData("e\u0301clair n\u0303o")]
    [InlineData("Z\u0351\u0358a\u0337l\u0334g\u0335o")]
    [InlineData("👩👩👧👦 family, no joiners")]
    public async Task UnicodeNames_AreStoredAndReturnedExactly(string name)
    {
        var world = await factory.WorldAsync();
        var user = factory.User();
        var keys = $"/v1/organizations/{world.OrganizationId}/api-keys";

        var (created, body) = await user.PostJsonAsync(keys, new { name });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        body!["api_key"]!["name"]!.GetValue<string>().Should().Be(name);
        var id = body["api_key"]!["id"]!.GetValue<string>();
        var (_, fetched) = await user.GetJsonAsync($"{keys}/{id}");
        fetched!["api_key"]!["name"]!.GetValue<string>().Should().Be(name, "no normalization, no re-encoding");

        var renamed = name + " ✓";
        var (patched, patchedBody) = await user.PatchJsonAsync($"{keys}/{id}", new { name = renamed });
        patched.StatusCode.Should().Be(HttpStatusCode.OK);
        patchedBody!["api_key"]!["name"]!.GetValue<string>().Should().Be(renamed);

        var appId = $"com.unicode.app{Math.Abs(name.GetHashCode(StringComparison.Ordinal))}";
        var (app, appBody) = await user.PostJsonAsync($"/v1/organizations/{world.OrganizationId}/apps", new { app_id = appId, name });
        app.StatusCode.Should().Be(HttpStatusCode.Created);
        appBody!["app"]!["name"]!.GetValue<string>().Should().Be(name);
        var (_, appFetched) = await user.GetJsonAsync($"/v1/organizations/{world.OrganizationId}/apps/{appId}");
        appFetched!["app"]!["name"]!.GetValue<string>().Should().Be(name);
    }

    [Fact]
    public async Task UnicodeOrganizationName_IsStoredExactly()
    {
        var user = factory.User();
        const string name = "株式会社 🦫 Ünïcödé e\u0301";
        var (created, body) = await user.PostJsonAsync("/v1/organizations", new { name });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = body!["organization"]!["id"]!.GetValue<string>();
        var (_, fetched) = await user.GetJsonAsync($"/v1/organizations/{id}");
        fetched!["organization"]!["name"]!.GetValue<string>().Should().Be(name);
    }

    [Theory]
    [InlineData("  padded  ", "padded")]
    [InlineData("\u00A0\u2003nbsp and em space\u3000", "nbsp and em space")]
    [InlineData(" inner  spaces kept ", "inner  spaces kept")]
    public async Task Names_AreTrimmed(string sent, string stored)
    {
        var world = await factory.WorldAsync();
        var user = factory.User();
        var keys = $"/v1/organizations/{world.OrganizationId}/api-keys";
        var (created, body) = await user.PostJsonAsync(keys, new { name = sent });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        body!["api_key"]!["name"]!.GetValue<string>().Should().Be(stored);
        var (_, fetched) = await user.GetJsonAsync($"{keys}/{body["api_key"]!["id"]}");
        fetched!["api_key"]!["name"]!.GetValue<string>().Should().Be(stored);

        var (org, orgBody) = await user.PostJsonAsync("/v1/organizations", new { name = sent });
        org.StatusCode.Should().Be(HttpStatusCode.Created);
        orgBody!["organization"]!["name"]!.GetValue<string>().Should().Be(stored);
    }

    [Fact]
    public async Task Names_OfExactly100Characters_AreAcceptedAfterTrimming()
    {
        var world = await factory.WorldAsync();
        var user = factory.User();
        var name = new string('x', 100);
        var (created, body) = await user.PostJsonAsync($"/v1/organizations/{world.OrganizationId}/api-keys", new { name = $"  {name}  " });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        body!["api_key"]!["name"]!.GetValue<string>().Should().Be(name);
    }
}

namespace ApiKeys.Api.OpenApi;

/// <summary>An example request body per operation, as the contract's walkthroughs write them.</summary>
internal static class ContractExamples
{
    public static readonly Dictionary<string, string> RequestBodies = new()
    {
        ["createOrganization"] = """{"name": "Acme"}""",
        ["updateOrganization"] = """{"name": "Acme Inc.", "key_policy": {"require_expiration": true, "max_lifetime_days": 90, "require_secure_keys": true}}""",
        ["createApp"] = """{"app_id": "com.demo.app", "name": "Demo"}""",
        ["setMember"] = """{"org_role": "org_member", "app_roles": [{"app_id": "com.demo.app", "role": "app_developer"}]}""",
        ["createApiKey"] = """{"name": "CI upload", "org_role": "none", "app_roles": [{"app_id": "com.demo.app", "role": "app_uploader"}], "expires_at": "2027-01-01T00:00:00Z", "rate_limits": [{"name": "per-second", "limit": 10, "window_seconds": 1}], "credits": {"remaining": 500, "refill": {"amount": 500, "interval": "daily"}}}""",
        ["updateApiKey"] = """{"name": "CI upload (main)", "expires_at": null, "enabled": true, "rate_limits": [{"name": "per-minute", "limit": 100, "window_seconds": 60}], "credits": {"remaining": 1000, "refill": {"amount": 1000, "interval": "monthly"}}, "allowed_cidrs": ["203.0.113.0/24", "2001:db8::/32"], "meta": {"plan": "pro"}}""",
        ["assignApiKeyRoles"] = """{"org_role": "none", "app_roles": [{"app_id": "com.demo.app", "role": "app_developer"}]}""",
        ["regenerateApiKey"] = """{"grace_period_seconds": 300}""",
        ["importApiKeys"] = """{"keys": [{"name": "ci (from our old system)", "hash": {"algorithm": "sha256", "value": "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="}, "org_role": "org_member", "meta": {"team": "ci"}}, {"name": "deploy", "plaintext": "sk_live_51HxExampleExampleExample", "app_roles": [{"app_id": "com.demo.app", "role": "app_uploader"}]}]}""",
        ["bulkRevokeApiKeys"] = """{"filter": {"app_id": "com.demo.app", "meta.team": "ci"}, "dry_run": true}""",
        ["verifyKey"] = """{"key": "capy_live_0123456789abcdefghijABCDEFGHIJ0a1b2c", "app_id": "com.demo.app", "permissions": ["app.upload_bundle"], "cost": 1, "client_ip": "203.0.113.7"}""",
        ["createWebhook"] = """{"url": "https://hooks.example.com/apikeys", "events": ["api_key.created", "api_key.revoked", "api_key.leaked"], "description": "Security alerts"}""",
        ["reportLeakedKey"] = """{"key": "capy_live_0123456789abcdefghijABCDEFGHIJ0a1b2c"}""",
        ["reportGitHubSecretScanning"] = """[{"token": "capy_live_0123456789abcdefghijABCDEFGHIJ0a1b2c", "type": "apikeys_live_token", "url": "https://github.com/octo/repo/blob/main/.env", "source": "content"}]""",
        ["legacyCreateApiKey"] = """{"name": "capgo cli", "mode": "upload", "limited_to_apps": ["com.demo.app"]}""",
    };
}

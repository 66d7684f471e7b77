IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE TABLE [audit_events] (
        [Id] uniqueidentifier NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Action] nvarchar(64) NOT NULL,
        [ActorType] nvarchar(16) NOT NULL,
        [ActorId] nvarchar(255) NOT NULL,
        [ApiKeyId] nvarchar(64) NULL,
        [Target] nvarchar(255) NULL,
        [IpAddress] nvarchar(64) NULL,
        [OccurredAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_audit_events] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE TABLE [key_changes] (
        [Sequence] bigint NOT NULL IDENTITY,
        [ApiKeyId] uniqueidentifier NOT NULL,
        [ChangedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_key_changes] PRIMARY KEY ([Sequence])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE TABLE [organizations] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [Version] uniqueidentifier NOT NULL,
        [KeyPolicyMaxLifetimeDays] int NULL,
        [KeyPolicyRequireExpiration] bit NOT NULL,
        [KeyPolicyRequireSecureKeys] bit NOT NULL,
        CONSTRAINT [PK_organizations] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE TABLE [api_keys] (
        [Id] uniqueidentifier NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [Mode] nvarchar(16) NULL,
        [OrgRole] nvarchar(32) NULL,
        [ProjectId] nvarchar(200) NULL,
        [Secure] bit NOT NULL,
        [KeyPrefix] nchar(16) NOT NULL,
        [SecretHash] nvarchar(512) NOT NULL,
        [EncryptedToken] nvarchar(2048) NULL,
        [PreviousKeyPrefix] nchar(16) NULL,
        [PreviousSecretHash] nvarchar(512) NULL,
        [PreviousSecretExpiresAt] datetimeoffset NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [CreatedByUserId] nvarchar(255) NULL,
        [CreatedByKeyId] nvarchar(64) NULL,
        [DeviceName] nvarchar(100) NULL,
        [Source] nvarchar(50) NULL,
        [ExpiresAt] datetimeoffset NULL,
        [LastUsedAt] datetimeoffset NULL,
        [RevokedAt] datetimeoffset NULL,
        [Version] uniqueidentifier NOT NULL,
        [AppRoles] nvarchar(max) NOT NULL,
        [LimitedToApps] nvarchar(max) NOT NULL,
        [LimitedToOrgs] nvarchar(max) NOT NULL,
        [Scopes] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_api_keys] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_api_keys_organizations_OrganizationId] FOREIGN KEY ([OrganizationId]) REFERENCES [organizations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE TABLE [apps] (
        [OrganizationId] uniqueidentifier NOT NULL,
        [AppId] nvarchar(200) NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_apps] PRIMARY KEY ([OrganizationId], [AppId]),
        CONSTRAINT [FK_apps_organizations_OrganizationId] FOREIGN KEY ([OrganizationId]) REFERENCES [organizations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE TABLE [members] (
        [OrganizationId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(255) NOT NULL,
        [OrgRole] nvarchar(32) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [AppRoles] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_members] PRIMARY KEY ([OrganizationId], [UserId]),
        CONSTRAINT [FK_members_organizations_OrganizationId] FOREIGN KEY ([OrganizationId]) REFERENCES [organizations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_api_keys_KeyPrefix] ON [api_keys] ([KeyPrefix]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE INDEX [IX_api_keys_OrganizationId_CreatedAt_Id] ON [api_keys] ([OrganizationId], [CreatedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_api_keys_PreviousKeyPrefix] ON [api_keys] ([PreviousKeyPrefix]) WHERE [PreviousKeyPrefix] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE INDEX [IX_apps_OrganizationId_CreatedAt_AppId] ON [apps] ([OrganizationId], [CreatedAt], [AppId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE INDEX [IX_audit_events_OrganizationId_ApiKeyId] ON [audit_events] ([OrganizationId], [ApiKeyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE INDEX [IX_audit_events_OrganizationId_OccurredAt_Id] ON [audit_events] ([OrganizationId], [OccurredAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE INDEX [IX_key_changes_ChangedAt] ON [key_changes] ([ChangedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE INDEX [IX_members_OrganizationId_CreatedAt_UserId] ON [members] ([OrganizationId], [CreatedAt], [UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    CREATE INDEX [IX_members_UserId] ON [members] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122234204_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261122234204_Initial', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123000935_KeyRegenerationTime'
)
BEGIN
    ALTER TABLE [api_keys] ADD [LastRegeneratedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123000935_KeyRegenerationTime'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123000935_KeyRegenerationTime', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201091700_KeyPolicyMemberAndLeakRules'
)
BEGIN
    ALTER TABLE [organizations] ADD [KeyPolicyKeepKeysOfRemovedMembers] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201091700_KeyPolicyMemberAndLeakRules'
)
BEGIN
    ALTER TABLE [organizations] ADD [KeyPolicyRevokeLeakedKeys] bit NOT NULL DEFAULT CAST(1 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201091700_KeyPolicyMemberAndLeakRules'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201091700_KeyPolicyMemberAndLeakRules', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE TABLE [expiry_notices] (
        [Id] bigint NOT NULL IDENTITY,
        [ApiKeyId] uniqueidentifier NOT NULL,
        [Threshold] nvarchar(16) NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_expiry_notices] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_expiry_notices_api_keys_ApiKeyId] FOREIGN KEY ([ApiKeyId]) REFERENCES [api_keys] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE TABLE [webhook_endpoints] (
        [Id] uniqueidentifier NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Url] nvarchar(2048) NOT NULL,
        [Description] nvarchar(500) NULL,
        [EncryptedSecret] nvarchar(2048) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Events] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_webhook_endpoints] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_webhook_endpoints_organizations_OrganizationId] FOREIGN KEY ([OrganizationId]) REFERENCES [organizations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE TABLE [webhook_deliveries] (
        [Id] uniqueidentifier NOT NULL,
        [WebhookId] uniqueidentifier NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [EventType] nvarchar(64) NOT NULL,
        [Payload] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Attempt] int NOT NULL,
        [StatusCode] int NULL,
        [NextAttemptAt] datetimeoffset NULL,
        [DeliveredAt] datetimeoffset NULL,
        [ClaimedUntil] datetimeoffset NULL,
        [ClaimToken] uniqueidentifier NULL,
        CONSTRAINT [PK_webhook_deliveries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_webhook_deliveries_webhook_endpoints_WebhookId] FOREIGN KEY ([WebhookId]) REFERENCES [webhook_endpoints] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE UNIQUE INDEX [IX_expiry_notices_ApiKeyId_Threshold_ExpiresAt] ON [expiry_notices] ([ApiKeyId], [Threshold], [ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE INDEX [IX_webhook_deliveries_ClaimToken] ON [webhook_deliveries] ([ClaimToken]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE INDEX [IX_webhook_deliveries_NextAttemptAt] ON [webhook_deliveries] ([NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE INDEX [IX_webhook_deliveries_WebhookId_CreatedAt_Id] ON [webhook_deliveries] ([WebhookId], [CreatedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    CREATE INDEX [IX_webhook_endpoints_OrganizationId_CreatedAt_Id] ON [webhook_endpoints] ([OrganizationId], [CreatedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201100636_WebhooksOutboxAndExpiryNotices'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201100636_WebhooksOutboxAndExpiryNotices', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201110529_WebhookAttempts'
)
BEGIN
    CREATE TABLE [webhook_attempts] (
        [Id] bigint NOT NULL IDENTITY,
        [DeliveryId] uniqueidentifier NOT NULL,
        [Attempt] int NOT NULL,
        [AttemptedAt] datetimeoffset NOT NULL,
        [StatusCode] int NULL,
        [Error] nvarchar(200) NULL,
        CONSTRAINT [PK_webhook_attempts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_webhook_attempts_webhook_deliveries_DeliveryId] FOREIGN KEY ([DeliveryId]) REFERENCES [webhook_deliveries] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201110529_WebhookAttempts'
)
BEGIN
    CREATE INDEX [IX_webhook_attempts_DeliveryId_Attempt] ON [webhook_attempts] ([DeliveryId], [Attempt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201110529_WebhookAttempts'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201110529_WebhookAttempts', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201120125_UsageHours'
)
BEGIN
    CREATE TABLE [usage_hours] (
        [ApiKeyId] uniqueidentifier NOT NULL,
        [HourStart] datetimeoffset NOT NULL,
        [Valid] bigint NOT NULL,
        [Rejected] bigint NOT NULL,
        [RateLimited] bigint NOT NULL,
        [UsageExceeded] bigint NOT NULL,
        CONSTRAINT [PK_usage_hours] PRIMARY KEY ([ApiKeyId], [HourStart])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201120125_UsageHours'
)
BEGIN
    CREATE INDEX [IX_usage_hours_HourStart] ON [usage_hours] ([HourStart]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201120125_UsageHours'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201120125_UsageHours', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [AllowedCidrs] nvarchar(max) NOT NULL DEFAULT ('[]');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [CreditsRefillAmount] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [CreditsRefillInterval] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [CreditsRefilledAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [CreditsRemaining] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [Enabled] bit NOT NULL DEFAULT CAST(1 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [Meta] nvarchar(max) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    ALTER TABLE [api_keys] ADD [RateLimits] nvarchar(max) NOT NULL DEFAULT ('[]');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201133102_KeyUsageGovernance'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201133102_KeyUsageGovernance', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201155444_CreditsLowEvent'
)
BEGIN
    ALTER TABLE [api_keys] ADD [CreditsGranted] bigint NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201155444_CreditsLowEvent'
)
BEGIN
    EXEC(N'UPDATE [api_keys] SET [CreditsGranted] = [CreditsRemaining] WHERE [CreditsRemaining] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201155444_CreditsLowEvent'
)
BEGIN
    CREATE TABLE [credit_notices] (
        [Id] bigint NOT NULL IDENTITY,
        [ApiKeyId] uniqueidentifier NOT NULL,
        [GrantedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_credit_notices] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_credit_notices_api_keys_ApiKeyId] FOREIGN KEY ([ApiKeyId]) REFERENCES [api_keys] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201155444_CreditsLowEvent'
)
BEGIN
    CREATE UNIQUE INDEX [IX_credit_notices_ApiKeyId_GrantedAt] ON [credit_notices] ([ApiKeyId], [GrantedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201155444_CreditsLowEvent'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201155444_CreditsLowEvent', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204034906_CreditReservations'
)
BEGIN
    CREATE TABLE [credit_reservations] (
        [Id] uniqueidentifier NOT NULL,
        [ApiKeyId] uniqueidentifier NOT NULL,
        [Node] nvarchar(64) NOT NULL,
        [GrantedAt] datetimeoffset NOT NULL,
        [Held] bigint NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_credit_reservations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_credit_reservations_api_keys_ApiKeyId] FOREIGN KEY ([ApiKeyId]) REFERENCES [api_keys] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204034906_CreditReservations'
)
BEGIN
    CREATE INDEX [IX_credit_reservations_ApiKeyId] ON [credit_reservations] ([ApiKeyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204034906_CreditReservations'
)
BEGIN
    CREATE INDEX [IX_credit_reservations_ExpiresAt] ON [credit_reservations] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204034906_CreditReservations'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204034906_CreditReservations', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204035425_TokenDigest'
)
BEGIN
    ALTER TABLE [api_keys] ADD [PreviousSecretDigest] nvarchar(128) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204035425_TokenDigest'
)
BEGIN
    ALTER TABLE [api_keys] ADD [SecretDigest] nvarchar(128) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204035425_TokenDigest'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204035425_TokenDigest', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE TABLE [api_key_apps] (
        [ApiKeyId] uniqueidentifier NOT NULL,
        [AppId] nvarchar(200) NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_api_key_apps] PRIMARY KEY ([ApiKeyId], [AppId]),
        CONSTRAINT [FK_api_key_apps_api_keys_ApiKeyId] FOREIGN KEY ([ApiKeyId]) REFERENCES [api_keys] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE TABLE [api_key_meta] (
        [ApiKeyId] uniqueidentifier NOT NULL,
        [Field] nvarchar(64) NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Value] nvarchar(200) NOT NULL,
        CONSTRAINT [PK_api_key_meta] PRIMARY KEY ([ApiKeyId], [Field]),
        CONSTRAINT [FK_api_key_meta_api_keys_ApiKeyId] FOREIGN KEY ([ApiKeyId]) REFERENCES [api_keys] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_keys_OrganizationId_CreatedByKeyId_CreatedAt] ON [api_keys] ([OrganizationId], [CreatedByKeyId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_keys_OrganizationId_CreatedByUserId_CreatedAt] ON [api_keys] ([OrganizationId], [CreatedByUserId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_keys_OrganizationId_ExpiresAt] ON [api_keys] ([OrganizationId], [ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_keys_OrganizationId_LastUsedAt_Id] ON [api_keys] ([OrganizationId], [LastUsedAt], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_keys_OrganizationId_Name_Id] ON [api_keys] ([OrganizationId], [Name], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_keys_OrganizationId_OrgRole_CreatedAt] ON [api_keys] ([OrganizationId], [OrgRole], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_key_apps_OrganizationId_AppId_ApiKeyId] ON [api_key_apps] ([OrganizationId], [AppId], [ApiKeyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    CREATE INDEX [IX_api_key_meta_OrganizationId_Field_Value_ApiKeyId] ON [api_key_meta] ([OrganizationId], [Field], [Value], [ApiKeyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    INSERT INTO [api_key_apps] ([ApiKeyId], [AppId], [OrganizationId])
    SELECT k.[Id], JSON_VALUE(b.[value], '$.appId'), k.[OrganizationId] FROM [api_keys] k CROSS APPLY OPENJSON(k.[AppRoles]) b
    UNION SELECT k.[Id], a.[value], k.[OrganizationId] FROM [api_keys] k CROSS APPLY OPENJSON(k.[LimitedToApps]) a
    UNION SELECT [Id], [ProjectId], [OrganizationId] FROM [api_keys] WHERE [ProjectId] IS NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    INSERT INTO [api_key_meta] ([ApiKeyId], [Field], [OrganizationId], [Value])
    SELECT k.[Id], m.[key], k.[OrganizationId], m.[value] FROM [api_keys] k CROSS APPLY OPENJSON(k.[Meta]) m
    WHERE k.[Meta] IS NOT NULL AND m.[type] = 1 AND CHARINDEX(NCHAR(0), m.[value]) = 0
      AND DATALENGTH(CONVERT(varchar(max), m.[key] COLLATE Latin1_General_100_CI_AS_SC_UTF8)) BETWEEN 1 AND 64
      AND DATALENGTH(CONVERT(varchar(max), m.[value] COLLATE Latin1_General_100_CI_AS_SC_UTF8)) <= 200;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207031527_KeyIndex'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261207031527_KeyIndex', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207115048_RevokedKeysIndex'
)
BEGIN
    EXEC(N'CREATE INDEX [IX_api_keys_revoked] ON [api_keys] ([OrganizationId], [CreatedAt], [Id]) WHERE "RevokedAt" IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207115048_RevokedKeysIndex'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261207115048_RevokedKeysIndex', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207151147_SearchText'
)
BEGIN
    CREATE TABLE [api_key_search] (
        [ApiKeyId] uniqueidentifier NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Prefix] nvarchar(16) NOT NULL,
        CONSTRAINT [PK_api_key_search] PRIMARY KEY ([ApiKeyId]),
        CONSTRAINT [FK_api_key_search_api_keys_ApiKeyId] FOREIGN KEY ([ApiKeyId]) REFERENCES [api_keys] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207151147_SearchText'
)
BEGIN
    CREATE INDEX [IX_api_key_search_OrganizationId] ON [api_key_search] ([OrganizationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207151147_SearchText'
)
BEGIN
    INSERT INTO [api_key_search] ([ApiKeyId], [OrganizationId], [Name], [Prefix]) SELECT [Id], [OrganizationId], LOWER([Name]), LOWER([KeyPrefix]) FROM [api_keys];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207151147_SearchText'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261207151147_SearchText', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207173540_SearchWalk'
)
BEGIN
    DROP INDEX [IX_api_key_search_OrganizationId] ON [api_key_search];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207173540_SearchWalk'
)
BEGIN
    ALTER TABLE [api_key_search] ADD [CreatedAt] datetimeoffset NOT NULL DEFAULT '0001-01-01T00:00:00.0000000+00:00';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207173540_SearchWalk'
)
BEGIN
    UPDATE s SET s.[CreatedAt] = k.[CreatedAt] FROM [api_key_search] AS s INNER JOIN [api_keys] AS k ON k.[Id] = s.[ApiKeyId];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207173540_SearchWalk'
)
BEGIN
    CREATE INDEX [IX_api_key_search_OrganizationId_CreatedAt_ApiKeyId_Name_Prefix] ON [api_key_search] ([OrganizationId], [CreatedAt], [ApiKeyId], [Name], [Prefix]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261207173540_SearchWalk'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261207173540_SearchWalk', N'10.0.14');
END;

COMMIT;
GO


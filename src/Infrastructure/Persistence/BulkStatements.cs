namespace ApiKeys.Infrastructure.Persistence;

/// <summary>How many ids or rows one bulk statement carries.</summary>
internal static class BulkStatements
{
    // SQL Server takes at most 1000 rows a VALUES list and 2100 parameters a statement; a statement's lock footprint
    // stays small too.
    public const int MaxRows = 1000;
}

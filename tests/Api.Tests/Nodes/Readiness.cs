using System.Net;

namespace ApiKeys.Api.Tests.Nodes;

/// <summary>Waiting for a started service to answer <c>/health/ready</c>, as a load balancer would.</summary>
internal static class Readiness
{
    /// <summary>
    /// Up to a minute (a fresh PostgreSQL database's migrations take over 20 s on a machine shared with other builds),
    /// asking every 250 ms; false as soon as <paramref name="running"/> says the service is gone.
    /// </summary>
    public static async Task<bool> WaitAsync(Uri address, Func<Task<bool>> running)
    {
        using var client = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (!await running())
            {
                return false;
            }

            await Task.Delay(250);
        }

        return false;
    }
}

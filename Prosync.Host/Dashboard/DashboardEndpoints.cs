using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Prosync.Host.Status;

namespace Prosync.Host.Dashboard;

/// <summary>
/// The dashboard's live feed, <c>GET /api/events</c> (Server-Sent Events): first a <c>history</c> event with the
/// chart's last minutes (<see cref="LatencyFrame"/>s), then a <c>status</c> event (<see cref="StatusView"/>) five
/// times a second. The page's files are static (Dashboard/wwwroot).
/// </summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", (HttpContext http, StatusMonitor monitor, IHostApplicationLifetime lifetime) =>
        {
            // Event streams never end by themselves: end them when the host stops, or shutdown waits for them.
            var ct = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            http.Response.RegisterForDispose(ct);
            return TypedResults.ServerSentEvents(Events(monitor, ct.Token));
        });
        return app;
    }

    private static async IAsyncEnumerable<SseItem<object>> Events(StatusMonitor monitor, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<object>(monitor.History(), "history");
        IAsyncEnumerator<StatusView>? views = null;
        try
        {
            views = monitor.WatchAsync(ct).GetAsyncEnumerator(ct);
            while (true)
            {
                try
                {
                    if (!await views.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                yield return new SseItem<object>(views.Current, "status");
            }
        }
        finally
        {
            if (views is not null)
            {
                await views.DisposeAsync();
            }
        }
    }
}

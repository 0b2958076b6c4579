using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Prosync.Actors.Library;

namespace Prosync.Host.Agent;

/// <summary>
/// Keeps the room registered: a registration right away, then one every keepalive (the same request; the registry
/// answers 201 the first time and 200 after). While the registry cannot be reached it retries with a backoff
/// (0.5 s doubling up to the keepalive), so a proxy that comes back finds the room within a keepalive. It logs a
/// line when the state changes (registered, unreachable, refused), never one per attempt.
/// </summary>
public sealed class RegistrationLoop(AgentOptions options, Uri agentUrl, string mpdAddress, HttpClient http, Serilog.ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    private readonly Serilog.ILogger _log = logger.ForContext<RegistrationLoop>();
    private string _state = "starting";
    private bool _warnedSlow;

    private Uri Registry => new($"http://{options.Registry}/api/registry/replicas");

    public async Task RunAsync(CancellationToken stop)
    {
        var request = new RegisterReplica(options.Name, mpdAddress, agentUrl.ToString().TrimEnd('/'), options.Keepalive.TotalSeconds);
        var retry = FirstRetry;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await http.PostAsJsonAsync(Registry, request, attempt.Token);
                if (response.IsSuccessStatusCode)
                {
                    var answer = await response.Content.ReadFromJsonAsync<RegistrationAnswer>(attempt.Token);
                    // 201 is always news (first registration, or the registry had lost the room); 200 only after trouble.
                    if (response.StatusCode == HttpStatusCode.Created || _state != "registered")
                    {
                        _log.Information("Registered {Name} with the registry at {Registry} ({Status}; mpd {Mpd}, agent {Agent}); keepalive every {Keepalive} s, timeout {Timeout} s",
                            options.Name, options.Registry.ToString(), (int)response.StatusCode, mpdAddress, agentUrl.ToString().TrimEnd('/'),
                            options.Keepalive.TotalSeconds, answer?.TimeoutSeconds);
                        _state = "registered";
                    }
                    if (!_warnedSlow && answer is { TimeoutSeconds: var timeout } && timeout <= options.Keepalive.TotalSeconds)
                    {
                        _warnedSlow = true;
                        _log.Warning("--keepalive {Keepalive} s is not shorter than the registry's timeout ({Timeout} s): the room will be dropped between keepalives",
                            options.Keepalive.TotalSeconds, timeout);
                    }
                    retry = FirstRetry;
                    wait = options.Keepalive;
                }
                else
                {
                    var error = await HttpErrorText.ReadAsync(response, attempt.Token);
                    Enter($"refused {(int)response.StatusCode} {error}", Serilog.Events.LogEventLevel.Error,
                        $"The registry refused {options.Name}: {(int)response.StatusCode} {error}; retrying every {options.Keepalive.TotalSeconds * 5:0.#} s");
                    // Refusals (a name taken by a configured room, an address in use) do not go away by themselves.
                    wait = options.Keepalive * 5;
                }
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or OperationCanceledException
                                          && !stop.IsCancellationRequested)
            {
                Enter("unreachable", Serilog.Events.LogEventLevel.Warning,
                    $"The registry at {options.Registry} is not reachable ({Describe(e)}); retrying with backoff up to every {options.Keepalive.TotalSeconds:0.#} s");
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, options.Keepalive.Ticks));
            }
            try
            {
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Tells the registry the room is going away (on Ctrl-C or SIGTERM), so it is removed at once.</summary>
    public async Task SayGoodbyeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var response = await http.DeleteAsync(new Uri(Registry, $"replicas/{Uri.EscapeDataString(options.Name)}"), timeout.Token);
            _log.Information("Said goodbye to the registry: {Status}", (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or OperationCanceledException)
        {
            _log.Information("Could not say goodbye to the registry ({Error}); it drops the room after its timeout", Describe(e));
        }
    }

    private void Enter(string state, Serilog.Events.LogEventLevel level, string message)
    {
        if (_state != state)
        {
            _log.Write(level, "{Message}", message);
            _state = state;
        }
    }

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "no answer within 5 s",
        HttpRequestException { InnerException: SocketException s } => s.SocketErrorCode.ToString(),
        _ => e.Message,
    };

    private sealed record RegisterReplica(string Name, string Mpd, string Agent, double KeepaliveSeconds);

    private sealed record RegistrationAnswer(string Name, double TimeoutSeconds);
}

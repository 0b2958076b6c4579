namespace Prosync.Actors.Kernel;

/// <summary>
/// Keyed timers that send a message to the owning actor (sender Nobody). Starting a timer with a key in use
/// replaces it; a tick from a cancelled or replaced timer, or from before a restart, is never delivered.
/// Use only from inside the actor.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>First tick after <paramref name="interval"/>, then every interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>True until a single timer's message has been received, or the timer is cancelled.</summary>
    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}

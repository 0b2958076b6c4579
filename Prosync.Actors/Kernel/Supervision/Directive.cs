namespace Prosync.Actors.Kernel;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Drop the failing message and continue with the same instance (state kept).</summary>
    Resume,
    /// <summary>Replace the instance with a fresh one from Props.Factory; queued messages are kept.</summary>
    Restart,
    /// <summary>Stop the child.</summary>
    Stop,
    /// <summary>Fail the supervisor itself with the same exception, letting its own parent decide.</summary>
    Escalate,
}

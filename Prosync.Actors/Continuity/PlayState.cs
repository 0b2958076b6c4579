namespace Prosync.Actors.Continuity;

/// <summary>MPD's <c>state</c> field of <c>status</c>. Only <see cref="Play"/> samples say where the music is.</summary>
public enum PlayState
{
    /// <summary><c>stop</c>: nothing is playing.</summary>
    Stop,

    /// <summary><c>play</c>: <c>elapsed</c> advances with the room's sound card.</summary>
    Play,

    /// <summary><c>pause</c>: <c>elapsed</c> stands still.</summary>
    Pause,
}

namespace Prosync.Actors.Kernel;

internal sealed partial class ActorCell
{
    // Guards _children and _terminating: ActorSystem.ActorOf adds top-level children from any thread, and a
    // stopping parent must not gain a child after it took the snapshot of children to stop.
    private readonly Lock _childrenLock = new();
    private readonly Dictionary<string, ChildEntry> _children = new(StringComparer.Ordinal);
    private volatile bool _terminating;
    private int _autoNames;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
                return _children.Values.Select(IActorRef (e) => e.Cell.Self).ToArray();
        }
    }

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        // "$" is reserved for generated names, so they never collide with chosen ones.
        name = name is null ? "$" + Interlocked.Increment(ref _autoNames) : ValidateName(name);

        ActorCell child;
        lock (_childrenLock)
        {
            if (_terminating)
                throw new InvalidOperationException($"Cannot create '{name}': {Path} is stopping.");
            if (_children.ContainsKey(name))
                throw new ArgumentException($"Actor name '{name}' is not unique under {Path}.", nameof(name));
            child = new ActorCell(System, props, this, name);
            _children.Add(name, new ChildEntry(child));
        }
        child.Start();
        return child.Self;
    }

    private static string ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/') || name.StartsWith('$'))
            throw new ArgumentException($"Invalid actor name '{name}': must be non-blank, without '/', not starting with '$'.", nameof(name));
        return name;
    }

    private bool TryGetChild(ActorCell cell, out ChildEntry entry)
    {
        lock (_childrenLock)
        {
            if (_children.TryGetValue(cell.Name, out var found) && found.Cell == cell)
            {
                entry = found;
                return true;
            }
        }
        entry = null!;
        return false;
    }

    private bool RemoveChild(ActorCell cell)
    {
        lock (_childrenLock)
            return _children.TryGetValue(cell.Name, out var found) && found.Cell == cell && _children.Remove(cell.Name);
    }

    private void MarkChildStopping(ActorCell cell)
    {
        lock (_childrenLock)
        {
            if (_children.TryGetValue(cell.Name, out var found) && found.Cell == cell)
                found.Stopping = true;
        }
    }

    private bool AnyChildStopping()
    {
        lock (_childrenLock)
            return _children.Values.Any(e => e.Stopping);
    }

    /// <summary>Marks this cell as stopping and returns the children it must wait for.</summary>
    private ActorCell[]? BeginStoppingChildren()
    {
        lock (_childrenLock)
        {
            if (_terminating)
                return null;
            _terminating = true;
            foreach (var entry in _children.Values)
                entry.Stopping = true;
            return _children.Values.Select(e => e.Cell).ToArray();
        }
    }

    private bool HasChildren()
    {
        lock (_childrenLock)
            return _children.Count > 0;
    }

    /// <summary>Parent-side record of a child: whether it is being stopped, and its restart history.</summary>
    private sealed class ChildEntry(ActorCell cell)
    {
        public ActorCell Cell { get; } = cell;
        public bool Stopping { get; set; }
        public RestartStats Stats { get; } = new();
    }
}

namespace Prosync.Actors.Library.Selection;

/// <summary>
/// A chooser that can also say whether its ranking rests on a measurement, so a caller with a policy of its own
/// (the cluster's read policy) keeps that policy until something is measured.
/// </summary>
public interface IMeasuredReplicaChooser : IReplicaChooser
{
    bool IsMeasured(string replica, ReplicaOptimization optimize);
}

namespace Prosync.Actors; internal static class AssemblyMarker { }

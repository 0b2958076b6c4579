using System.Globalization;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Clients;

/// <summary>Commands the session answers itself, or forwards only to learn whether MPD accepts them.</summary>
public sealed partial class ClientSessionActor
{
    private void HandleLocal(MpdRequest request, CommandInfo info, Action<MpdResponse> then)
    {
        switch (request.Command)
        {
            case "ping":
                then(MpdResponse.Ok);
                break;
            case "close":
                Close();
                break;
            case "idle":
                // Inside a list too, as MPD does: the list enters idle there, the idle's answer ends it,
                // and the rest of the list is dropped.
                StartIdle(request, then);
                break;
            case "noidle":
                // Not idling: MPD sends nothing at all, and libmpdclient relies on that.
                _busy = false;
                break;
            case "password":
                // MPD decides; on success every backend connection that serves us gets the password too.
                AskForSetting(request, info, then, () => _state = _state with { Password = request.Args[0] });
                break;
            case "binarylimit":
                AskForSetting(request, info, then, () => _state = _state with
                {
                    BinaryLimit = int.Parse(request.Args[0], NumberStyles.Integer, CultureInfo.InvariantCulture),
                });
                break;
            case "tagtypes" when request.Args.Count > 0:
                var resets = request.Args[0] is "clear" or "all";
                AskForSetting(request, info, then, () => _state = _state.WithTagTypesEdit(request.ToLine(), resets));
                break;
            case "tagtypes":
                Ask(request, info with { Route = CommandRoute.Read }, then); // lists the session's own tag types
                break;
            case "readmessages":
                var lines = new List<string>();
                while (_inbox.TryDequeue(out var message)) lines.AddRange(["channel: " + message.Channel, "message: " + message.Text]);
                then(new MpdResponse(lines));
                break;
            case "subscribe" or "unsubscribe" or "channels" or "sendmessage":
                Ask(request, info, then); // the cluster brokers channels among all clients
                break;
            default:
                // command_list_end outside a list, a nested command_list_begin: MPD does not know them there.
                then(MpdResponse.Fail(MpdError.UnknownCommand(request.Command)));
                break;
        }
    }

    /// <summary>Runs a per-connection setting on the primary (with this session's state), keeping it if MPD accepts it.</summary>
    private void AskForSetting(MpdRequest request, CommandInfo info, Action<MpdResponse> then, Action accept)
    {
        Ask(request, info with { Route = CommandRoute.Read }, response =>
        {
            if (response.IsOk) accept();
            then(response);
        });
    }

    private void StartIdle(MpdRequest request, Action<MpdResponse> then)
    {
        var mask = Subsystems.None;
        foreach (var name in request.Args)
        {
            if (!SubsystemNames.TryParse(name, out var subsystem))
            {
                then(Fail(AckCode.Arg, "idle", $"Unrecognized idle event: {name}"));
                return;
            }
            mask |= subsystem;
        }
        _idleMask = mask == Subsystems.None ? Subsystems.All : mask;
        ArmTimeout();
        if ((_pending & _idleMask.Value) != 0) EndIdle();
    }

    /// <summary>Answers the idle: every pending subscribed change, once; like MPD, all pending flags are consumed.</summary>
    private void EndIdle()
    {
        var mask = _idleMask ?? Subsystems.All;
        var changed = _pending & mask;
        _pending = Subsystems.None;
        _idleMask = null;
        ArmTimeout();
        Send(writer =>
        {
            foreach (var name in SubsystemNames.Names(changed)) ResponseWriter.WriteLine(writer, "changed: " + name);
            ResponseWriter.WriteLine(writer, "OK");
        });
        _busy = false;
    }
}

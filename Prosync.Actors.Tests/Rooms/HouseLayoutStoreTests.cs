using Prosync.Actors.Rooms;

namespace Prosync.Actors.Tests.Rooms;

public sealed class HouseLayoutStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"prosync-layout-{Guid.NewGuid():N}", "rooms.json");

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(_path))) Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }

    [Fact]
    public void A_layout_comes_back_as_it_was_saved()
    {
        var layout = new HouseLayout();
        layout.Reconcile([("kitchen", null), ("lounge", null), ("patio", 0.4)]);
        layout.AddGroup("up", volume: 30);
        layout.MoveRoom("lounge", "up");
        layout.SetEnabled("kitchen", false);
        layout.SetGroupVolume("default", 65);
        var store = new HouseLayoutStore(_path);
        store.Save(layout);

        var loaded = store.Load();
        Assert.Equal(layout.Groups, loaded.Groups);
        Assert.Equal(layout.Rooms, loaded.Rooms);
        Assert.Equal(30, loaded.GroupVolume("up"));
        Assert.Equal(65, loaded.GroupVolume("default"));
    }

    [Fact]
    public void No_file_is_a_fresh_layout()
    {
        var layout = new HouseLayoutStore(_path).Load();
        Assert.Equal(["default"], layout.Groups);
        Assert.Empty(layout.Rooms);
    }

    [Fact]
    public void A_file_that_is_not_a_layout_is_refused_with_its_path()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, "{ not json");
        var error = Assert.Throws<InvalidDataException>(() => new HouseLayoutStore(_path).Load());
        Assert.Contains(_path, error.Message);
    }

    [Fact]
    public void Bad_entries_are_mended_rather_than_trusted()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, """
            {"Groups": [{"Name": "bad name", "Volume": 10}, {"Name": "up", "Volume": 400}],
             "Rooms": [{"Name": "kitchen", "OutputId": 3, "Group": "nowhere", "Enabled": true, "Trim": 7},
                       {"Name": "lounge", "OutputId": 3, "Group": "up", "Enabled": false, "Trim": 0.5}]}
            """);
        var layout = new HouseLayoutStore(_path).Load();
        Assert.Equal(["default", "up"], layout.Groups);
        Assert.Equal(100, layout.GroupVolume("up"));
        Assert.Equal(new RoomPlacement(3, "default", true, 1), layout.Room("kitchen"));
        // Its id was taken: it gets the next free one.
        Assert.Equal(new RoomPlacement(4, "up", false, 0.5), layout.Room("lounge"));
    }
}

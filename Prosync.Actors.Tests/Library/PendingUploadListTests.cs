using Prosync.Actors.Cluster;
using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class PendingUploadListTests
{
    private const string Directory = "/state/rooms.uploads";

    private static UploadFile Upload(string file, string path = "A/x.flac") =>
        new(path, System.IO.Path.Combine(Directory, file), 1234, "abc") { Id = Guid.NewGuid() };

    [Fact]
    public void Each_room_sees_what_it_waits_for_and_the_file_can_go_only_when_the_last_has_it()
    {
        var list = new PendingUploadList();
        var x = Upload("x");
        var y = Upload("y", "B/y.flac");
        list.Add(x, ["attic", "shed"]);
        list.Add(y, ["attic"]);

        Assert.Equal([x, y], list.For("attic"));
        Assert.Equal([x], list.For("shed"));
        Assert.Empty(list.For("kitchen"));
        Assert.False(list.Delivered("attic", x));
        Assert.Equal(["shed"], list.RoomsFor(x));
        Assert.True(list.Delivered("shed", x));
        Assert.Equal([y], list.Uploads);
        Assert.False(list.Delivered("shed", x)); // told twice
    }

    [Fact]
    public void A_newer_upload_of_a_path_replaces_the_older_for_the_rooms_that_wait_for_both()
    {
        var list = new PendingUploadList();
        var older = Upload("older");
        var other = Upload("other", "B/y.flac");
        list.Add(older, ["attic", "shed"]);
        list.Add(other, ["attic"]);
        var newer = Upload("newer");

        Assert.Empty(list.Add(newer, ["attic"]));
        Assert.Equal([other, newer], list.For("attic"));
        Assert.Equal([older], list.For("shed"));
        Assert.Equal([older], list.Add(newer, ["shed"]));
        Assert.Equal([other, newer], list.Uploads);
    }

    [Fact]
    public void Rooms_gone_wait_for_nothing_and_uploads_only_they_waited_for_are_returned()
    {
        var list = new PendingUploadList();
        var x = Upload("x");
        var y = Upload("y", "B/y.flac");
        list.Add(x, ["attic"]);
        list.Add(y, ["attic", "shed"]);

        Assert.Equal([x], list.ForgetRooms(r => r == "attic"));
        Assert.Equal([y], list.Uploads);
        Assert.Equal(["shed"], list.RoomsFor(y));
    }

    [Fact]
    public void The_list_reads_back_as_it_was_written_with_files_relative_to_its_directory()
    {
        var list = new PendingUploadList();
        var x = Upload("x");
        list.Add(x, ["shed", "attic"]);

        var json = list.ToJson(Directory);
        Assert.Contains("\"File\": \"x\"", json, StringComparison.Ordinal);
        var read = PendingUploadList.FromJson(json, "/elsewhere");
        var back = Assert.Single(read.Uploads);
        Assert.Equal(x with { StagedFile = "/elsewhere/x" }, back);
        Assert.Equal(x.Id, back.Id);
        Assert.Equal(["attic", "shed"], read.RoomsFor(back));
    }

    [Theory]
    [InlineData("{\"Uploads\": [{\"Id\": \"00000000-0000-0000-0000-000000000001\", \"Path\": \"A/x.flac\", \"File\": \"../../etc/passwd\", \"Bytes\": 1, \"Sha256\": \"ab\", \"Rooms\": [\"attic\"]}]}")]
    [InlineData("{\"Uploads\": [{\"Id\": \"00000000-0000-0000-0000-000000000001\", \"Path\": \"A/x.flac\", \"File\": \"x\", \"Bytes\": 1, \"Sha256\": \"ab\", \"Rooms\": []}]}")]
    [InlineData("{}")]
    public void An_entry_that_names_a_file_outside_its_directory_or_no_room_is_left_out(string json) =>
        Assert.Empty(PendingUploadList.FromJson(json, Directory).Uploads);

    [Fact]
    public void A_file_that_is_not_a_list_is_said_to_be_not_one() =>
        Assert.Throws<InvalidDataException>(() => PendingUploadList.FromJson("{ not json", Directory));
}

using Prosync.Actors.Continuity;

namespace Prosync.Actors.Tests.Continuity;

public sealed class CorrectionResponseTests
{
    [Fact]
    public void A_room_whose_pause_moves_it_13_ms_less_learns_to_pause_13_ms_longer()
    {
        var pause = new CorrectionResponse(initialBiasMs: 0);
        for (var i = 0; i < 6; i++)
        {
            var request = pause.RequestFor(-10);
            pause.Observe(request, request + 13.6); // MPD's null output: back by the pause less 13.6 ms
        }
        Assert.InRange(pause.BiasMs, 13.0, 14.0);
        Assert.InRange(pause.RequestFor(-10), -24.0, -23.0);
    }

    [Fact]
    public void Landings_that_scatter_are_not_precise_and_steady_ones_are()
    {
        var random = new Random(7);
        var steady = new CorrectionResponse(13.6);
        var scattered = new CorrectionResponse(13.6);
        for (var i = 0; i < 10; i++)
        {
            steady.Observe(-20, -20 + 13.6 + ((random.NextDouble() - 0.5) * 1.0));
            scattered.Observe(-20, -20 + 13.6 + ((random.NextDouble() - 0.5) * 40));
        }
        Assert.True(steady.IsPrecise(2));
        Assert.False(scattered.IsPrecise(2));
    }

    [Fact]
    public void A_shift_far_beyond_any_correction_is_not_learnt_from()
    {
        var pause = new CorrectionResponse(13.6);
        Assert.False(pause.Observe(-20, 25_000)); // the song changed meanwhile
        Assert.Equal(0, pause.Observations);
        Assert.Equal(13.6, pause.BiasMs);
    }

    [Theory]
    [InlineData(-10, 13.6, double.NaN, 0, "Pause", -23.6)] // ahead: a pause 13.6 ms longer than the shift
    [InlineData(10, 13.6, double.NaN, 0, "Seek", 20)]     // behind: only a seek moves a room forward
    [InlineData(-10, -40, double.NaN, 0, "Seek", 0)]      // the pause drops 40 ms: it cannot move a room back only 10
    [InlineData(-10, 13.6, 15, 5, "Seek", 0)]             // pauses that scatter 15 ms: the seek is tried
    public void The_method_is_the_gentlest_that_lands(double shiftMs, double pauseBiasMs, double pauseScatterMs, int pauseObservations,
        string expectedKind, double expectedRequestMs)
    {
        var pause = new CorrectionResponse(pauseBiasMs);
        for (var i = 0; i < pauseObservations; i++)
            pause.Observe(-30, -30 + pauseBiasMs + (i % 2 == 0 ? pauseScatterMs : -pauseScatterMs));
        var seek = new CorrectionResponse(-10);

        var (kind, request) = CorrectionMethod.Choose(shiftMs, pause, seek, preciseMs: 2);

        Assert.Equal(expectedKind, kind.ToString());
        if (kind == CorrectionKind.Pause) Assert.Equal(expectedRequestMs, request, 3);
        else Assert.Equal(shiftMs + 10, request, 3);
    }
}

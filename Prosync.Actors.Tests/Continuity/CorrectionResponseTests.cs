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

    /// <summary>Responses as measured on MPD 0.23: biases of a null output, scatter as given.</summary>
    private static Dictionary<CorrectionAction, CorrectionResponse> Room(double pauseBias, double pauseScatter = double.NaN, int pauseSeen = 0,
        double seekToScatter = double.NaN, int seekToSeen = 0)
    {
        var responses = new Dictionary<CorrectionAction, CorrectionResponse>
        {
            [CorrectionAction.Pause] = new(pauseBias),
            [CorrectionAction.SeekTo] = new(-1.7),
            [CorrectionAction.SeekBy] = new(-9),
        };
        Learn(responses[CorrectionAction.Pause], pauseBias, pauseScatter, pauseSeen);
        Learn(responses[CorrectionAction.SeekTo], -1.7, seekToScatter, seekToSeen);
        return responses;
    }

    private static void Learn(CorrectionResponse response, double bias, double scatter, int times)
    {
        for (var i = 0; i < times; i++) response.Observe(-30, -30 + bias + (i % 2 == 0 ? scatter : -scatter));
    }

    [Fact]
    public void A_room_ahead_is_paused_first_the_gentlest_action()
    {
        var (action, request) = CorrectionMethod.Choose(-10, Room(14.2), preciseMs: 2);
        Assert.Equal(CorrectionAction.Pause, action);
        Assert.Equal(-24.2, request, 3); // a 24.2 ms pause moves a null output back 10 ms
    }

    [Fact]
    public void A_room_behind_is_seeked_a_pause_cannot_move_it_forward()
    {
        var (action, request) = CorrectionMethod.Choose(10, Room(14.2), preciseMs: 2);
        Assert.Equal(CorrectionAction.SeekTo, action);
        Assert.Equal(11.7, request, 3);
    }

    [Fact]
    public void Pauses_that_land_a_chunk_off_give_way_to_the_absolute_seek()
    {
        var (action, _) = CorrectionMethod.Choose(-10, Room(14.2, pauseScatter: 12, pauseSeen: 4), preciseMs: 2);
        Assert.Equal(CorrectionAction.SeekTo, action); // not known yet: tried
    }

    [Fact]
    public void Once_every_action_is_known_the_one_that_lands_best_is_used()
    {
        var responses = Room(14.2, pauseScatter: 12, pauseSeen: 4, seekToScatter: 8, seekToSeen: 4);
        Learn(responses[CorrectionAction.SeekBy], -9, 0.2, 4);
        Assert.Equal(CorrectionAction.SeekBy, CorrectionMethod.Choose(-10, responses, preciseMs: 2).Action);
    }

    [Fact]
    public void A_pause_that_drops_more_than_the_shift_is_not_used()
    {
        // A pipe output: a pause restarts it and drops ~40 ms whatever its length.
        var (action, _) = CorrectionMethod.Choose(-10, Room(-40), preciseMs: 2);
        Assert.Equal(CorrectionAction.SeekTo, action);
    }
}

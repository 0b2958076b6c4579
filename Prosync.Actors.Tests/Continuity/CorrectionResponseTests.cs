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
        Assert.InRange(pause.BiasMs, 13.5, 13.7); // the first landing sets it; steady landings keep it
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
    public void A_room_is_first_moved_by_a_timed_seek_which_lands_within_a_millisecond_on_MPD()
    {
        var (action, request) = CorrectionMethod.Choose(-10, Room(14.2), preciseMs: 2);
        Assert.Equal(CorrectionAction.SeekTo, action);
        Assert.Equal(-8.3, request, 3); // it lands 1.7 ms short
    }

    [Fact]
    public void Seeks_that_scatter_give_way_to_the_relative_seek_then_the_pause()
    {
        var responses = Room(14.2, seekToScatter: 10, seekToSeen: 4);
        Assert.Equal(CorrectionAction.SeekBy, CorrectionMethod.Choose(-10, responses, preciseMs: 2).Action);
        Learn(responses[CorrectionAction.SeekBy], -9, 8, 4);   // lands ~13 ms off: more than half a chunk
        var (action, request) = CorrectionMethod.Choose(-10, responses, preciseMs: 2);
        Assert.Equal(CorrectionAction.Pause, action);
        Assert.Equal(-24.2, request, 3); // a 24.2 ms pause moves a null output back 10 ms
    }

    [Fact]
    public void A_pause_is_not_tried_where_a_seek_lands_within_half_a_chunk()
    {
        // A pause lands within a chunk (23 ms) at best on MPD's null and pipe outputs, and restarts a pipe's sink.
        var responses = Room(14.2, seekToScatter: 10, seekToSeen: 4);
        Learn(responses[CorrectionAction.SeekBy], -9, 6, 4);   // lands ~9.5 ms off
        Assert.True(responses[CorrectionAction.SeekBy].DispersionMs < CorrectionMethod.PauseWorthTryingAboveMs);
        Assert.Equal(CorrectionAction.SeekBy, CorrectionMethod.Choose(-10, responses, preciseMs: 2).Action);
    }

    [Fact]
    public void Once_every_action_is_known_the_one_that_lands_best_is_used()
    {
        var responses = Room(14.2, pauseScatter: 12, pauseSeen: 4, seekToScatter: 8, seekToSeen: 4);
        Learn(responses[CorrectionAction.SeekBy], -9, 5, 4);
        Assert.Equal(CorrectionAction.SeekBy, CorrectionMethod.Choose(-10, responses, preciseMs: 2).Action);
    }

    [Fact]
    public void A_pause_is_not_used_where_it_cannot_move_the_room_that_little()
    {
        // A pipe output: a pause restarts it and drops ~40 ms whatever its length; its seeks are known to scatter.
        var responses = Room(-40, seekToScatter: 10, seekToSeen: 4);
        Learn(responses[CorrectionAction.SeekBy], -9, 6, 4);
        Assert.NotEqual(CorrectionAction.Pause, CorrectionMethod.Choose(-10, responses, preciseMs: 2).Action);
    }

    [Fact]
    public void A_room_behind_is_never_paused()
    {
        var responses = Room(14.2, seekToScatter: 10, seekToSeen: 4);
        Learn(responses[CorrectionAction.SeekBy], -9, 6, 4);
        Assert.NotEqual(CorrectionAction.Pause, CorrectionMethod.Choose(10, responses, preciseMs: 2).Action);
    }

    [Fact]
    public void An_action_whose_landings_are_never_measured_becomes_known_as_bad_and_is_not_tried_forever()
    {
        // A room whose seeks both miss by more than half a chunk, and whose pause restarts its output (a pipe), so that
        // the pause's landing is never measured.
        var responses = Room(14.2, seekToScatter: 10, seekToSeen: 4);
        Learn(responses[CorrectionAction.SeekBy], -9, 8, 4);
        Assert.Equal(CorrectionAction.Pause, CorrectionMethod.Choose(-30, responses, preciseMs: 2).Action);   // not known yet: tried

        for (int i = 0; i < CorrectionResponse.ObservationsToKnow; i++)
            responses[CorrectionAction.Pause].ObserveLost();

        Assert.Equal(CorrectionResponse.LostMs, responses[CorrectionAction.Pause].DispersionMs);
        Assert.Equal(CorrectionAction.SeekBy, CorrectionMethod.Choose(-30, responses, preciseMs: 2).Action);
    }

    [Theory]
    [InlineData(0, 1.0, true)]       // not known yet: tried whatever the error
    [InlineData(4, 1.0, false)]      // known: the precise one is worth any correction, the scattered one not
    [InlineData(4, 12.0, false)]     // scatters by ~10 ms (learnt from ±6 ms landings): a 12 ms error would often land as far off
    [InlineData(4, 25.0, true)]      // beyond twice its scatter: it lands closer
    [InlineData(4, -25.0, true)]
    public void An_action_that_scatters_is_used_only_for_errors_well_beyond_its_scatter(int landings, double shiftMs, bool worthIt)
    {
        var precise = new CorrectionResponse(0);
        var scattered = new CorrectionResponse(0);
        Learn(precise, 0, 0.5, landings);
        Learn(scattered, 0, 6, landings);

        Assert.True(precise.IsWorthIt(shiftMs, preciseMs: 2, benefitFactor: 2));
        Assert.Equal(worthIt, scattered.IsWorthIt(shiftMs, preciseMs: 2, benefitFactor: 2));
    }
}
